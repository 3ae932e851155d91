/**
 * Outlook items (.msg files, MS-OXMSG) read into a plain model: the message class, the properties
 * Veil needs, the recipients and the attachments, embedded messages included. `mime.ts` turns the
 * model into the MIME outline every classifier already reads (see `outlookOutline` there).
 *
 * MS-OXMSG §2.1: an item is a storage holding a "__properties_version1.0" stream (a header, then
 * 16-byte entries: property tag, flags, 8 bytes of value; §2.4.2), one "__substg1.0_IIIITTTT" stream
 * per variable-length property (id and type in upper-case hex: 001F UTF-16LE string, 001E 8-bit
 * string in the item's code page, 0102 binary), "__recip_version1.0_#XXXXXXXX" storages for the
 * recipients and "__attach_version1.0_#XXXXXXXX" storages for the attachments (§2.2.1, §2.2.2).
 * An attachment whose method (PidTagAttachMethod) is 5 holds an embedded message in its
 * "__substg1.0_3701000D" storage (§2.2.2.1), with a 24-byte properties header instead of 32;
 * recipient and attachment storages have an 8-byte one (§2.4.1).
 *
 * Budgets of its own: embedded messages nest at most MAX_DEPTH deep; an item keeps at most
 * MAX_RECIPIENTS recipients and MAX_ATTACHMENTS attachments; a string property is read up to
 * MAX_STRING_BYTES; everything else is bounded by the compound file reader's own read budget.
 */
import { CompoundFile, STORAGE, STREAM, looksLikeCompoundFile, type CfbEntry } from './compound-file';

/** Embedded messages inside embedded messages: Outlook users forward a forward of a forward, not 20. */
export const MAX_OUTLOOK_DEPTH = 10;
const MAX_RECIPIENTS = 10000;
const MAX_ATTACHMENTS = 1000;
/** A subject, a name or a header block; bodies and attachment data are read in full (up to the file). */
const MAX_STRING_BYTES = 4 * 1024 * 1024;

/** Property ids used here (MS-OXPROPS). */
export const PID = {
  messageClass: 0x001a,
  subject: 0x0037,
  clientSubmitTime: 0x0039,
  sentRepresentingName: 0x0042,
  sentRepresentingAddrType: 0x0064,
  sentRepresentingEmail: 0x0065,
  conversationTopic: 0x0070,
  conversationIndex: 0x0071,
  transportHeaders: 0x007d,
  senderName: 0x0c1a,
  senderAddrType: 0x0c1e,
  senderEmail: 0x0c1f,
  recipientType: 0x0c15,
  deliveryTime: 0x0e06,
  body: 0x1000,
  rtfCompressed: 0x1009,
  html: 0x1013,
  messageId: 0x1035,
  references: 0x1039,
  inReplyTo: 0x1042,
  displayName: 0x3001,
  addrType: 0x3002,
  emailAddress: 0x3003,
  attachData: 0x3701,
  attachShortName: 0x3704,
  attachMethod: 0x3705,
  attachLongName: 0x3707,
  attachMimeTag: 0x370e,
  attachContentId: 0x3712,
  smtpAddress: 0x39fe,
  internetCodepage: 0x3fde,
  messageLocaleId: 0x3ff1,
  messageCodepage: 0x3ffd,
  senderSmtp: 0x5d01,
  sentRepresentingSmtp: 0x5d02,
  attachmentHidden: 0x7ffe,
} as const;

const PT_I2 = 0x0002;
const PT_I4 = 0x0003;
const PT_BOOLEAN = 0x000b;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_SYSTIME = 0x0040;
const PT_BINARY = 0x0102;

const PROPS = '__properties_version1.0';
const SUBSTG = '__substg1.0_';

export interface OutlookRecipient {
  /** PidTagRecipientType: 1 To, 2 Cc, 3 Bcc (MS-OXOMSG §2.2.3.1). */
  type: number;
  name?: string;
  /** The SMTP address, when the item has one (PidTagSmtpAddress, or an SMTP-type PidTagEmailAddress). */
  address?: string;
}

export interface OutlookAttachment {
  /** PidTagAttachMethod: 1 by value, 2-4 by reference, 5 embedded message, 6 OLE object, 7 web reference. */
  method: number;
  name?: string;
  mimeTag?: string;
  contentId?: string;
  hidden: boolean;
  data?: Uint8Array;
  /** Method 5: the embedded message, read on demand (it may be damaged, or nested too deep). */
  embedded?: () => OutlookRead;
}

export interface OutlookItem {
  messageClass: string;
  /** Strings stored as UTF-16 (true) or in a code page (false); `codepage` is the one used for them. */
  unicode: boolean;
  codepage: number;
  /** PidTagInternetCodepage: the charset of the HTML body's bytes. */
  internetCodepage?: number;
  string(id: number): string | undefined;
  int(id: number): number | undefined;
  time(id: number): Date | undefined;
  binary(id: number): Uint8Array | undefined;
  /**
   * A text property (a body) as bytes with their charset, for a MIME leaf: UTF-16 strings become
   * UTF-8 (byte scanners look for ASCII armor and notices); 8-bit strings and binary HTML stay as
   * stored, labelled with their code page.
   */
  text(id: number): { bytes: Uint8Array; charset: string } | undefined;
  recipients: OutlookRecipient[];
  attachments: OutlookAttachment[];
  /** What could not be read, in words; the item is still usable. */
  problems: string[];
}

export interface OutlookRead {
  item?: OutlookItem;
  /** Set when nothing usable could be read (not an Outlook item, or damaged beyond use). */
  error?: string;
  /** The file is a compound file but not an Outlook item (an Office document, say). */
  notOutlook?: boolean;
}

/** Windows code page → WHATWG encoding label (what TextDecoder knows; the platform holds the tables). */
const CODEPAGES: Record<number, string> = {
  437: 'ibm866', // no WHATWG label for 437: the closest DOS table
  866: 'ibm866',
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1200: 'utf-16le',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1252: 'windows-1252',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  10000: 'macintosh',
  20127: 'us-ascii',
  20866: 'koi8-r',
  21866: 'koi8-u',
  28591: 'iso-8859-1',
  28592: 'iso-8859-2',
  28595: 'iso-8859-5',
  28597: 'iso-8859-7',
  28599: 'iso-8859-9',
  28605: 'iso-8859-15',
  50220: 'iso-2022-jp',
  50221: 'iso-2022-jp',
  50222: 'iso-2022-jp',
  51932: 'euc-jp',
  51949: 'euc-kr',
  52936: 'gb18030',
  54936: 'gb18030',
  65001: 'utf-8',
};

/** Windows locale id → its ANSI code page, for items that store 8-bit strings without naming one. */
const LOCALE_CODEPAGE: Record<number, number> = {
  0x0411: 932, // ja-JP
  0x0804: 936, // zh-CN
  0x1004: 936, // zh-SG
  0x0412: 949, // ko-KR
  0x0404: 950, // zh-TW
  0x0c04: 950, // zh-HK
  0x041e: 874, // th-TH
  0x0419: 1251, // ru-RU
  0x0422: 1251, // uk-UA
  0x0402: 1251, // bg-BG
  0x0408: 1253, // el-GR
  0x041f: 1254, // tr-TR
  0x040d: 1255, // he-IL
  0x0401: 1256, // ar-SA
  0x0425: 1257, // et-EE
  0x0426: 1257, // lv-LV
  0x0427: 1257, // lt-LT
  0x042a: 1258, // vi-VN
  0x0405: 1250, // cs-CZ
  0x040e: 1250, // hu-HU
  0x0415: 1250, // pl-PL
  0x041a: 1250, // hr-HR
  0x041b: 1250, // sk-SK
  0x0424: 1250, // sl-SI
  0x0418: 1250, // ro-RO
};

/**
 * PidTagInternetCodepage names the MIME charset the item came in (iso-2022-jp, say), not the ANSI
 * code page its 8-bit strings are stored in: the Windows code page of the same script.
 */
function ansiOfInternet(cp: number): number | undefined {
  if (cp >= 1250 && cp <= 1258) return cp;
  if (cp === 932 || cp === 50220 || cp === 50221 || cp === 50222 || cp === 51932) return 932;
  if (cp === 936 || cp === 52936 || cp === 54936) return 936;
  if (cp === 949 || cp === 51949) return 949;
  if (cp === 950) return 950;
  if (cp === 874) return 874;
  if (cp === 866 || cp === 20866 || cp === 21866 || cp === 28595) return 1251;
  if (cp === 28592) return 1250;
  if (cp === 28597) return 1253;
  if (cp === 28599) return 1254;
  return undefined;
}

export function codepageLabel(cp: number): string {
  return CODEPAGES[cp] ?? 'windows-1252';
}

function decoder(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

const utf16 = new TextDecoder('utf-16le');
const utf8 = new TextEncoder();

/** 8-bit text may end with its NUL terminator. */
function trimBytes(b: Uint8Array): Uint8Array {
  let e = b.length;
  while (e > 0 && b[e - 1] === 0) e--;
  return b.subarray(0, e);
}

/** Strips the terminating NUL(s) a writer may have stored with a string. */
function trimNul(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 0) e--;
  return e === s.length ? s : s.slice(0, e);
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

interface Fixed {
  type: number;
  value: Uint8Array;
}

/** One storage's properties: the fixed values of its properties stream, and its substg streams. */
class Bag {
  private fixed = new Map<number, Fixed>();
  private streams = new Map<string, CfbEntry>();
  constructor(
    private cf: CompoundFile,
    private storage: CfbEntry,
    headerSize: number,
    private problems: string[],
  ) {
    for (const e of cf.children(storage)) {
      if (e.type === STREAM && e.name.length > SUBSTG.length && e.name.slice(0, SUBSTG.length).toLowerCase() === SUBSTG) this.streams.set(e.name.slice(SUBSTG.length).toUpperCase(), e);
    }
    const props = cf.child(storage, PROPS);
    if (!props || props.type !== STREAM) {
      problems.push(`no ${PROPS} stream in "${storage.name}"`);
      return;
    }
    const r = cf.read(props);
    if (r.problem) problems.push(`${PROPS} of "${storage.name}": ${r.problem}`);
    const b = r.bytes;
    for (let o = headerSize; o + 16 <= b.length; o += 16) {
      const tag = u32(b, o);
      this.fixed.set(tag >>> 16, { type: tag & 0xffff, value: b.subarray(o + 8, o + 16) });
    }
  }
  has(): boolean {
    return this.fixed.size > 0 || this.streams.size > 0;
  }
  /** Whether any property of this type is stored (001F: the item keeps its strings in UTF-16). */
  hasType(type: number): boolean {
    const t = hex4(type);
    for (const k of this.streams.keys()) if (k.endsWith(t)) return true;
    return false;
  }
  stream(id: number, type: number, limit = Infinity): Uint8Array | undefined {
    const e = this.streams.get(hex4(id) + hex4(type));
    if (!e) return undefined;
    const r = this.cf.read(e, limit);
    if (r.problem) this.problems.push(`property ${hex4(id)}${hex4(type)}: ${r.problem}`);
    return r.bytes;
  }
  substorage(id: number, type: number): CfbEntry | undefined {
    const want = `${SUBSTG}${hex4(id)}${hex4(type)}`.toUpperCase();
    return this.cf.children(this.storage).find((e) => e.type === STORAGE && e.name.toUpperCase() === want);
  }
  int(id: number): number | undefined {
    const f = this.fixed.get(id);
    if (!f) return undefined;
    if (f.type === PT_I4) return u32(f.value, 0) | 0;
    if (f.type === PT_I2) return u16(f.value, 0);
    if (f.type === PT_BOOLEAN) return u16(f.value, 0) ? 1 : 0;
    return undefined;
  }
  time(id: number): Date | undefined {
    const f = this.fixed.get(id);
    if (!f || f.type !== PT_SYSTIME) return undefined;
    // FILETIME: 100-ns intervals since 1601-01-01 UTC.
    const ticks = u32(f.value, 4) * 4294967296 + u32(f.value, 0);
    const ms = ticks / 10000 - 11644473600000;
    const d = new Date(ms);
    return Number.isFinite(d.getTime()) && ticks > 0 ? d : undefined;
  }
}

class Reader {
  constructor(
    private cf: CompoundFile,
    private depth: number,
  ) {}

  item(storage: CfbEntry, headerSize: number): OutlookRead {
    const problems: string[] = [];
    const bag = new Bag(this.cf, storage, headerSize, problems);
    if (!bag.has()) return { error: 'it has no message properties (__properties_version1.0, __substg1.0_ streams)', notOutlook: true };
    // 8-bit strings: the item's own code page, else its locale's, else the one its MIME charset implies.
    const declared = bag.int(PID.messageCodepage);
    const internet = bag.int(PID.internetCodepage);
    const codepage =
      (declared && CODEPAGES[declared] ? declared : undefined) ??
      LOCALE_CODEPAGE[bag.int(PID.messageLocaleId) ?? -1] ??
      ansiOfInternet(internet ?? 0) ??
      1252;
    const ansi = decoder(codepageLabel(codepage));
    const string = (id: number, from: Bag = bag): string | undefined => {
      const u = from.stream(id, PT_UNICODE, MAX_STRING_BYTES);
      if (u) return trimNul(utf16.decode(u));
      const a = from.stream(id, PT_STRING8, MAX_STRING_BYTES);
      return a ? trimNul(ansi.decode(a)) : undefined;
    };
    const cls = string(PID.messageClass);
    const unicode = bag.hasType(PT_UNICODE) || !bag.hasType(PT_STRING8);

    const recipients: OutlookRecipient[] = [];
    const attachments: OutlookAttachment[] = [];
    const kids = this.cf.children(storage);
    const recips = kids.filter((e) => e.type === STORAGE && e.name.toLowerCase().startsWith('__recip_version1.0_')).sort(byName);
    const atts = kids.filter((e) => e.type === STORAGE && e.name.toLowerCase().startsWith('__attach_version1.0_')).sort(byName);
    if (recips.length > MAX_RECIPIENTS) problems.push(`${recips.length} recipients: only the first ${MAX_RECIPIENTS} were read`);
    for (const r of recips.slice(0, MAX_RECIPIENTS)) {
      const rb = new Bag(this.cf, r, 8, problems);
      const addrType = (string(PID.addrType, rb) ?? '').toUpperCase();
      const email = string(PID.emailAddress, rb);
      const smtp = string(PID.smtpAddress, rb) || (addrType === 'SMTP' ? email : undefined);
      const rec: OutlookRecipient = { type: rb.int(PID.recipientType) ?? 1 };
      const name = string(PID.displayName, rb);
      if (name) rec.name = name;
      if (smtp) rec.address = smtp;
      recipients.push(rec);
    }
    if (atts.length > MAX_ATTACHMENTS) problems.push(`${atts.length} attachments: only the first ${MAX_ATTACHMENTS} were read`);
    for (const a of atts.slice(0, MAX_ATTACHMENTS)) {
      const ab = new Bag(this.cf, a, 8, problems);
      const method = ab.int(PID.attachMethod) ?? 1;
      const att: OutlookAttachment = { method, hidden: ab.int(PID.attachmentHidden) === 1 };
      const name = string(PID.attachLongName, ab) || string(PID.attachShortName, ab) || string(PID.displayName, ab);
      if (name) att.name = name;
      const mime = string(PID.attachMimeTag, ab);
      if (mime) att.mimeTag = mime;
      const cid = string(PID.attachContentId, ab);
      if (cid) att.contentId = cid;
      const inner = ab.substorage(PID.attachData, 0x000d);
      if (method === 5 && inner) {
        att.embedded = () =>
          this.depth + 1 > MAX_OUTLOOK_DEPTH
            ? { error: `embedded messages nested more than ${MAX_OUTLOOK_DEPTH} deep: not read` }
            : new Reader(this.cf, this.depth + 1).item(inner, 24);
      } else if (method === 5) {
        problems.push(`attachment "${name ?? a.name}": an embedded message without its storage`);
      } else {
        const data = ab.stream(PID.attachData, PT_BINARY);
        if (data) att.data = data;
      }
      attachments.push(att);
    }

    const item: OutlookItem = {
      messageClass: cls ?? '',
      unicode,
      codepage,
      ...(internet ? { internetCodepage: internet } : {}),
      string: (id) => string(id),
      int: (id) => bag.int(id),
      time: (id) => bag.time(id),
      binary: (id) => bag.stream(id, PT_BINARY),
      text(id) {
        const u = bag.stream(id, PT_UNICODE);
        if (u) return { bytes: utf8.encode(trimNul(utf16.decode(u))), charset: 'utf-8' };
        const a = bag.stream(id, PT_STRING8);
        if (a) return { bytes: trimBytes(a), charset: codepageLabel(codepage) };
        // PidTagBodyHtml is usually binary, in the item's Internet code page (MS-OXCMSG §2.2.1.56.9).
        const bin = bag.stream(id, PT_BINARY);
        return bin ? { bytes: trimBytes(bin), charset: codepageLabel(internet ?? codepage) } : undefined;
      },
      recipients,
      attachments,
      problems,
    };
    if (!cls) problems.push('no message class (PidTagMessageClass)');
    return { item };
  }
}

const byName = (a: CfbEntry, b: CfbEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Reads an Outlook item from the whole file. Properties are read when asked for, so the compound
 * file's own problems (loops cut, chains that leave the file) are known only after use: ask
 * `fileProblems()` once the item has been read.
 */
export function readOutlookItem(bytes: Uint8Array): OutlookRead & { fileProblems: () => string[] } {
  if (!looksLikeCompoundFile(bytes)) return { error: 'not a compound file', notOutlook: true, fileProblems: () => [] };
  const opened = CompoundFile.open(bytes);
  if (!opened.file) return { error: opened.error, fileProblems: () => [] };
  const cf = opened.file;
  const read = new Reader(cf, 0).item(cf.root, 32);
  if (read.notOutlook && cf.problems.length) {
    // No message properties in a broken file: an Office document says so by its stream names;
    // otherwise it is most likely an Outlook item cut short, so say what broke.
    const office = cf.children(cf.root).some((e) => OFFICE_STREAMS.has(e.name));
    if (!office) return { error: cf.problems[0], fileProblems: () => cf.problems.slice(1) };
  }
  return { ...read, fileProblems: () => cf.problems };
}

/** Top-level streams of Office documents (MS-DOC, MS-XLS, MS-PPT, MS-OFFCRYPTO): not Outlook items. */
const OFFICE_STREAMS = new Set(['WordDocument', 'Workbook', 'Book', 'PowerPoint Document', 'EncryptedPackage', 'EncryptionInfo', 'VisioDocument']);
