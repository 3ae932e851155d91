/**
 * Is this PDF encrypted? ISO 32000-1 §7.5.5 (file trailer) and §7.5.8 (cross-reference streams):
 * an encrypted document's trailer, or its cross-reference stream dictionary, has an `/Encrypt`
 * entry; §7.6.1 Table 20 gives the encryption dictionary's /Filter, /V (algorithm), /R (revision),
 * /Length; §7.6.5 Table 25 the crypt filters (/CFM /V2 = RC4, /AESV2 = AES-128, /AESV3 = AES-256).
 * §7.5.7: the encryption dictionary is never inside an object stream, so it is readable as text.
 *
 * We read the tail (trailer, xref stream) and the head (a linearized file's first-page trailer),
 * never the whole file.
 */
import { binaryString } from '../parse/bytes';

export interface PdfVerdict {
  isPdf: boolean;
  encrypted: boolean;
  filter?: string;
  v?: number;
  r?: number;
  length?: number;
  cfm?: string;
  /** Human name of the cipher, when the dictionary is visible. */
  algorithm?: string;
  /** The trailer text that carries /Encrypt (for evidence). */
  evidence?: string;
}

/** True when a PDF header is in the first 1024 bytes (ISO 32000-1 §7.5.2; readers tolerate junk before it). */
export function looksLikePdf(head: Uint8Array): boolean {
  return binaryString(head, 0, Math.min(head.length, 1024)).includes('%PDF-');
}

// `/Encrypt` as a whole name: not `/EncryptMetadata`, not `/EncryptFilter`.
const ENCRYPT = /\/Encrypt(?![A-Za-z0-9#_.-])\s*(\d+\s+\d+\s+R|<<)/g;

function trailerContext(text: string, at: number): boolean {
  // The entry must sit in a trailer or a cross-reference stream dictionary, not in page text.
  const before = text.slice(Math.max(0, at - 2000), at);
  const after = text.slice(at, at + 2000);
  const dict = before.slice(before.lastIndexOf('<<')) + after.slice(0, after.indexOf('>>') + 2);
  const t = before.lastIndexOf('trailer');
  return (t >= 0 && /^trailer\s*<</.test(before.slice(t, t + 32))) || /\/Type\s*\/XRef\b/.test(before + after.slice(0, 600)) || (/\/Root\s+\d+\s+\d+\s+R/.test(dict) && /\/Size\s+\d+/.test(dict));
}

const NUMBER_OF = { V: /\/V\s+(\d+)/, R: /\/R\s+(\d+)/, Length: /\/Length\s+(\d+)/ } as const;

function num(dict: string, key: keyof typeof NUMBER_OF): number | undefined {
  const m = NUMBER_OF[key].exec(dict);
  return m ? Number(m[1]) : undefined;
}

/** The dictionary text starting at `<<`, balanced, at most a few kilobytes. */
function dictAt(text: string, at: number): string {
  let depth = 0;
  for (let i = at; i < text.length && i < at + 8192; i++) {
    if (text[i] === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (text[i] === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return text.slice(at, i + 1);
    }
  }
  return text.slice(at, at + 8192);
}

function describe(v: PdfVerdict): string | undefined {
  if (v.filter && v.filter !== 'Standard') return `certificate (public-key) security handler /${v.filter}`;
  if (v.v === 5 || v.cfm === 'AESV3') return 'AES-256';
  if (v.cfm === 'AESV2') return 'AES-128';
  if (v.cfm === 'V2' || v.v === 2 || v.v === 3) return `RC4${v.length ? `-${v.length}` : ''}`;
  if (v.v === 1) return 'RC4-40';
  if (v.v === 4) return 'RC4-128 or AES-128 (crypt filter not visible)';
  return undefined;
}

export function inspectPdf(head: Uint8Array, tail?: Uint8Array): PdfVerdict {
  const v: PdfVerdict = { isPdf: looksLikePdf(head), encrypted: false };
  if (!v.isPdf) return v;
  const texts = [tail ? binaryString(tail) : '', binaryString(head)];
  for (const text of texts) {
    ENCRYPT.lastIndex = 0;
    let tries = 0;
    for (let m = ENCRYPT.exec(text); m && tries < 64; m = ENCRYPT.exec(text), tries++) {
      if (!trailerContext(text, m.index)) continue;
      v.encrypted = true;
      v.evidence = m[0].replace(/\s+/g, ' ');
      let dict: string | undefined;
      if (m[1] === '<<') dict = dictAt(text, m.index + m[0].length - 2);
      else {
        const [obj, gen] = m[1].split(/\s+/);
        // regex-checked: obj and gen are digit runs (the `\d+\s+\d+\s+R` match above); the rest is literal.
        const re = new RegExp(`(?:^|[^0-9])${obj}\\s+${gen}\\s+obj\\s*<<`);
        for (const t of texts) {
          const o = re.exec(t);
          if (o) {
            dict = dictAt(t, o.index + o[0].length - 2);
            break;
          }
        }
      }
      if (dict) {
        v.filter = /\/Filter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1];
        v.v = num(dict, 'V');
        v.r = num(dict, 'R');
        v.length = num(dict, 'Length');
        v.cfm = /\/CFM\s*\/([A-Za-z0-9]+)/.exec(dict)?.[1];
        v.algorithm = describe(v);
      }
      return v;
    }
  }
  return v;
}
