/**
 * The explanation engine on hand-built Analysis objects (test/support/analysis-cases.ts): the
 * structure every surface relies on, the claims that must always be made, and evidence behind them.
 */
import { describe, expect, it } from 'vitest';
import { draftExplanation, explain } from '../../../src/core/explain/explain';
import { SECTION_ORDER } from '../../../src/core/explain/model';
import type { Explanation, Lang } from '../../../src/core/types';
import { ALL_CASES, CASES, ERROR_CASE } from '../../support/analysis-cases';

const LANGS: Lang[] = ['en', 'es'];
const section = (e: Explanation, id: string) => e.sections.find((s) => s.id === id);
/** A notification address (GitHub's reply+token) is flagged masked but hides no person. */
const isProtectedOrMasked = (id: string) =>
  CASES[id].protection.some((l) => l.kind === 'encrypted') || (CASES[id].sender.masked && CASES[id].sender.kind !== 'notification' && !CASES[id].sender.notification);

describe('structure', () => {
  for (const lang of LANGS) {
    it(`gives every case a one-sentence headline and ordered sections with stable ids (${lang})`, () => {
      for (const [id, c] of Object.entries(ALL_CASES)) {
        const e = explain(c, lang);
        expect(e.lang).toBe(lang);
        expect(e.headline, id).toMatch(/^\S.*[.]$/);
        expect(e.headline.split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length, `${id}: one sentence`).toBe(1);
        const ids = e.sections.map((s) => s.id);
        expect(new Set(ids).size, id).toBe(ids.length);
        const order = ids.map((s) => (SECTION_ORDER as readonly string[]).indexOf(s));
        expect(order.every((n) => n >= 0), id).toBe(true);
        expect([...order].sort((a, b) => a - b), id).toEqual(order);
        for (const s of e.sections) {
          expect(s.title.trim(), `${id}/${s.id}`).not.toBe('');
          expect(s.text.trim(), `${id}/${s.id}`).not.toBe('');
        }
      }
    });
  }

  it('gives every protected or masked message "cannot-recover" and "what-to-do", with evidence', () => {
    for (const id of Object.keys(CASES).filter(isProtectedOrMasked)) {
      for (const lang of LANGS) {
        const e = explain(CASES[id], lang);
        expect(section(e, 'cannot-recover')?.evidence.length, `${id} cannot-recover`).toBeGreaterThan(0);
        expect(section(e, 'what-to-do')?.evidence.length, `${id} what-to-do`).toBeGreaterThan(0);
        expect(section(e, 'why'), `${id} why`).toBeDefined();
      }
    }
  });

  it('backs every factual line with evidence (what, cannot-recover, delivery)', () => {
    // 'what.sender.unchecked' states an absence (no trusted results): there is nothing to cite.
    const general = new Set(['what.none', 'what.integrity.trust', 'cannot.headers-visible', 'delivery.transit', 'delivery.hop-by-hop', 'delivery.forgeable', 'what.sender.unchecked']);
    for (const [id, c] of Object.entries(CASES)) {
      const { draft } = draftExplanation(c);
      for (const s of draft.sections.filter((x) => ['what', 'cannot-recover', 'delivery'].includes(x.id))) {
        for (const l of s.lines) {
          if (general.has(l.key) || l.key.startsWith('cannot.policy')) continue;
          expect(l.evidence?.length ?? 0, `${id}: ${l.key}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('explains an error with a headline and an "error" section, and offers nothing to paste', () => {
    for (const lang of LANGS) {
      const e = explain(ERROR_CASE, lang);
      expect(e.sections.map((s) => s.id)).toEqual(['error']);
      expect(e.sections[0].evidence[0].value).toContain('no e-mail headers');
      expect(e.internalNote).toBeUndefined();
      expect(e.customerReply).toBeUndefined();
    }
  });
});

describe('robustness', () => {
  it('survives model fields in unexpected shapes: a section is lost, never the explanation', () => {
    const base = CASES['smime-encrypted-named'];
    const broken = {
      ...base,
      protection: [{ ...base.protection[0], recipients: null, evidence: null }],
      sender: { ...base.sender, evidence: undefined },
      threading: { ...base.threading, references: undefined },
      transport: { hops: [{ tls: true }] },
    } as unknown as typeof base;
    for (const lang of LANGS) {
      const e = explain(broken, lang);
      expect(e.headline).toMatch(/S\/MIME/);
      expect(e.sections.length).toBeGreaterThan(0);
      for (const s of e.sections) expect(s.text).not.toMatch(/undefined|\{\w+\}/);
    }
  });
});

describe('hostile values', () => {
  it('keeps a huge or placeholder-shaped address from breaking the prose', () => {
    const c = CASES['relay-firefox'];
    const from = `{reply}${'a'.repeat(5000)}@mozmail.com`;
    const e = explain({ ...c, sender: { ...c.sender, from, replyAddress: from } }, 'en');
    const what = section(e, 'what')!.text;
    expect(what).toContain('{reply}aaa');
    expect(what.length).toBeLessThan(600);
    expect(section(e, 'what-to-do')!.text).toMatch(/^Reply to \{reply\}a+…\. The relay/);
  });
});

describe('what must always be said', () => {
  it('says Veil will not decrypt or unmask, that it is practically impossible, and that trying breaks policy and law', () => {
    for (const id of Object.keys(CASES).filter(isProtectedOrMasked)) {
      const en = section(explain(CASES[id], 'en'), 'cannot-recover')!.text;
      expect(en, id).toMatch(/Veil does not and will not try to (decrypt|find out|open)/);
      expect(en, id).toContain('close to impossible');
      expect(en, id).toContain('privacy law');
      const es = section(explain(CASES[id], 'es'), 'cannot-recover')!.text;
      expect(es, id).toMatch(/Veil no intenta ni intentará/);
      expect(es, id).toContain('ley de protección de datos');
    }
  });

  it('explains opaque-signed S/MIME as signed, not encrypted', () => {
    const en = explain(CASES['smime-opaque-signed'], 'en');
    expect(en.headline).toBe('This message is only signed with S/MIME, not encrypted, even if it shows up as a single file.');
    expect(section(en, 'what')!.text).toContain('but nothing is encrypted');
    expect(section(en, 'what')!.text).toContain('Any mail app that knows S/MIME can read it.');
    const es = explain(CASES['smime-opaque-signed'], 'es');
    expect(es.headline).toBe('Este mensaje solo está firmado con S/MIME, no cifrado, aunque aparezca como un único archivo.');
    expect(section(es, 'what')!.text).toContain('pero no hay cifrado');
  });

  it('says a matching signature proves integrity, not trust (and only next to one that matched)', () => {
    expect(section(explain(CASES['smime-opaque-signed'], 'en'), 'what')!.text).toContain('It does not show that the signer can be trusted.');
    expect(section(explain(CASES['smime-opaque-signed'], 'es'), 'what')!.text).toContain('Eso no demuestra que se pueda confiar en quien firma.');
    for (const id of ['smime-detached-altered', 'pgp-clearsigned', 'pgp-signed-reformatted']) {
      expect(section(explain(CASES[id], 'en'), 'what')!.text).not.toContain('can be trusted');
    }
    expect(explain(CASES['smime-detached-altered'], 'en').headline).toContain('changed after it was signed');
  });

  it('says why a signature could not be checked, from the reason code, and keeps the raw reason as evidence', () => {
    const expected: Record<string, [string, string]> = {
      'pgp-clearsigned': ['The signer’s public key is not in the message', 'La clave pública del firmante no viene en el mensaje'],
      'smime-signed-no-certificate': ['The signer’s certificate is not in the message', 'El certificado del firmante no viene en el mensaje'],
      'pgp-signed-reformatted': ['it does not mean someone tampered with it', 'no significa que alguien lo haya manipulado'],
    };
    for (const [id, [en, es]] of Object.entries(expected)) {
      const what = section(explain(CASES[id], 'en'), 'what')!;
      expect(what.text).toContain('Veil could not check the signature.');
      expect(what.text).toContain(en);
      expect(what.evidence.some((e) => e.value.includes(CASES[id].protection[0].integrity!.reason!))).toBe(true);
      expect(section(explain(CASES[id], 'es'), 'what')!.text).toContain(es);
    }
    const c = CASES['smime-detached-altered'];
    const forged = { ...c, protection: [{ ...c.protection[0], integrity: { status: 'altered' as const, reason: 'bad-signature: the signature does not verify over the content' } }] };
    const fe = explain(forged, 'en');
    expect(fe.headline).toBe('This message is signed with S/MIME, but the signature does not check out.');
    expect(section(fe, 'what')!.text).toContain('The text may have changed, or the signature may be forged or damaged.');
    expect(section(fe, 'what')!.text).not.toContain('something changed after it was signed');
    expect(explain(forged, 'es').headline).toBe('Este mensaje está firmado con S/MIME, pero la firma no es válida.');
    // The altered sentence already says the text changed: the digest code adds nothing.
    const altered = section(explain(CASES['smime-detached-altered'], 'en'), 'what')!.text;
    expect(altered.match(/after it was signed/g)).toHaveLength(1);
  });

  it('maps every detector reason code to a sentence in both languages', async () => {
    const { integrityReasonKey } = await import('../../../src/core/explain/integrity');
    const { t } = await import('../../../src/core/i18n');
    const cannot = [
      "no-certificate: the signer's certificate is not included in the message", 'no-content: the signed content could not be found',
      'unsupported-algorithm: digest md2', 'key-mismatch: the certificate key is not RSA', 'not-der: the signed attributes are not DER-encoded',
      'truncated: the signed blob is cut off', 'no-key-in-message', 'key-does-not-match-signer', 'text-reformatted (format=flowed)',
      'signed-entity-lost (multipart/signed rewritten as multipart/mixed)', 'detached-signature-without-content',
      'key-not-valid: Key is expired', 'insecure-algorithm: RSA keys shorter than 2047 bits are considered too weak.',
      'unsupported-algorithm: Unknown curve', 'damaged: the signature part is missing', 'something new',
    ];
    for (const r of cannot) {
      const key = integrityReasonKey('cannot-check', r);
      expect(key, r).toBeDefined();
      expect(t('en', key!)).not.toBe(t('es', key!));
    }
    expect(integrityReasonKey('altered', 'bad-signature: the signature does not verify over the content')).toBe('integrity.bad-signature');
    expect(integrityReasonKey('altered', 'digest-mismatch: x')).toBeUndefined();
    expect(integrityReasonKey('altered', 'signature-mismatch')).toBeUndefined();
    expect(integrityReasonKey('intact', 'no-key-in-message')).toBeUndefined();
    expect(integrityReasonKey('cannot-check', 'text-reformatted (quoted)')).toBe('integrity.reformatted');
    expect(integrityReasonKey('cannot-check', 'key-not-valid: Key is expired')).toBe('integrity.key-not-valid');
  });

  it('explains S/MIME EncryptedData as a shared key, with no person to forward it to', () => {
    for (const lang of ['en', 'es'] as const) {
      const e = explain(CASES['smime-encrypted-data'], lang);
      expect(e.headline).toContain(lang === 'en' ? 'shared secret key' : 'clave secreta compartida');
      expect(section(e, 'cannot-recover')!.text).toContain(lang === 'en' ? 'Without that shared key' : 'Sin esa clave compartida');
      const todo = section(e, 'what-to-do')!.text;
      expect(todo).not.toMatch(/Forward it|Reenvíelo/);
      expect(todo).toContain(lang === 'en' ? 'already holds the shared key' : 'ya tenga la clave compartida');
    }
  });

  it('says a message was written to a relay alias, that the sender is not hidden, and where the alias was read', () => {
    const e = explain(CASES['written-to-alias'], 'en');
    expect(section(e, 'what')!.text).toContain('It was sent to ab12cd34e@mozmail.com, an alias from Firefox Relay.');
    expect(section(e, 'what')!.text).toContain('The sender is not hidden.');
    expect(section(e, 'what-to-do')!.text).toContain('Reply to ana.garcia@example.org as usual.');
    expect(section(e, 'technical')!.text).toContain('Sent to an alias: ab12cd34e@mozmail.com (Firefox Relay).');
    expect(section(explain(CASES['written-to-alias'], 'es'), 'what')!.text).toContain('El remitente no se oculta.');
  });

  it('names the header the delivered-to address came from, and says when a reply rule is undocumented', () => {
    const sl = explain(CASES['relay-simplelogin'], 'en');
    expect(section(sl, 'technical')!.text).toMatch(/Delivered to: \S+ \(from the [\w-]+ header\)\./);
    const ddg = explain(CASES['relay-duckduckgo-unconfirmed-mismatch'], 'en');
    expect(section(ddg, 'technical')!.text).toContain('DuckDuckGo Email Protection does not document which replies it takes');
    const ddgEs = explain(CASES['relay-duckduckgo-unconfirmed-mismatch'], 'es');
    expect(section(ddgEs, 'technical')!.text).toContain('no documenta qué respuestas acepta');
    const c = CASES['relay-duckduckgo'];
    const unconfirmed = { ...c, sender: { ...c.sender, deliveredTo: 'help@example.net', deliveredToHeader: 'X-Original-To', replyRule: { enforced: true, mustReplyFrom: 'help@example.net', unconfirmed: true } } };
    const todo = section(explain(unconfirmed, 'en'), 'what-to-do')!;
    expect(todo.text).toContain('To be safe, send your reply from help@example.net, where the relay delivered this mail (see the X-Original-To header).');
    expect(todo.evidence).toContainEqual({ source: 'header', where: 'X-Original-To', value: 'help@example.net' });
    expect(section(explain(unconfirmed, 'es'), 'what-to-do')!.text).toContain('Por si acaso, envíe su respuesta desde help@example.net');
  });

  it('tells the agent when the message is encrypted to them', () => {
    const e = explain(CASES['smime-encrypted-mine'], 'en');
    expect(e.headline).toContain('one of the keys that opens it is yours');
    expect(section(e, 'what-to-do')!.text.split('\n')[0]).toBe('Open it in a mail app that holds your private key.');
    expect(e.customerReply).toBeUndefined();
  });

  it('asks for an unencrypted copy only under the organisation’s rules, and never for a key', () => {
    const todo = section(explain(CASES['pgp-mime-encrypted'], 'en'), 'what-to-do')!.text;
    expect(todo).toContain('only if your legal, security and privacy rules allow it, and only if you can check that it is safe');
    expect(todo).toContain('Forward it, unchanged, to the person who holds the key.');
    expect(todo).toContain('Never ask anyone for a private key or a passphrase.');
  });

  it('puts the relay reply-rule warning first, in the headline, the note and the CLI-visible text', () => {
    for (const id of ['relay-mismatch', 'relay-duckduckgo-unconfirmed-mismatch']) {
      const en = explain(CASES[id], 'en');
      expect(en.headline, id).toMatch(/will likely drop your reply/);
      const first = section(en, 'what-to-do')!.text.split('\n')[0];
      expect(first, id).toMatch(/^Warning: .*help@example\.net/);
      expect(en.internalNote, id).toContain(first);
      const es = explain(CASES[id], 'es');
      expect(section(es, 'what-to-do')!.text.split('\n')[0], id).toMatch(/^Atención: .*help@example\.net/);
    }
    const plainRelay = section(explain(CASES['relay-simplelogin'], 'en'), 'what-to-do')!.text;
    expect(plainRelay).not.toContain('Warning');
    expect(plainRelay).toContain('Send your reply from support@example.net');
  });

  it('names each portal vendor and what the recipient must do', () => {
    const seen = new Set<string>();
    for (const id of Object.keys(CASES).filter((k) => k.startsWith('portal-'))) {
      const e = explain(CASES[id], 'en');
      const todo = section(e, 'what-to-do')!.text.split('\n')[0];
      expect(seen.has(todo) && id !== 'portal-unknown', id).toBe(false);
      seen.add(todo);
      expect(section(e, 'what-to-do')!.text).toContain('billing@example.net');
      expect(e.customerReply).toContain('billing@example.net');
    }
    expect(explain(CASES['portal-proofpoint'], 'en').headline).toContain('Proofpoint Encryption');
    expect(explain(CASES['portal-unknown'], 'en').headline).toContain('a secure-mail service');
    expect(explain(CASES['portal-unknown'], 'en').customerReply).toContain('through the same service to billing@example.net');
  });

  it('names the locked attachment and its kind', () => {
    expect(section(explain(CASES['attachment-zip'], 'en'), 'what')!.text).toBe('The attachment invoices-2026.zip is a ZIP archive locked with a password.');
    expect(section(explain(CASES['attachment-office'], 'es'), 'what')!.text).toBe('El adjunto payroll.xlsx es un documento de Office protegido con contraseña.');
  });

  it('says TLS protects hops in transit only, hop by hop, and that earlier hops can be forged', () => {
    const d = section(explain(CASES['tls-some-hops'], 'en'), 'delivery')!;
    expect(d.text).toContain('2 of the 4 servers that left a trace used TLS.');
    expect(d.text).toContain('One server sent it without TLS.');
    expect(d.text).toContain('not once it is stored');
    expect(d.text).toContain('never from end to end');
    expect(d.text).toContain('2 of these traces were written before the mail reached your own system.');
    expect(d.text).toContain('Some servers’ clocks disagree, so the times along the route cannot be trusted.');
    expect(section(explain(CASES['tls-some-hops'], 'en'), 'technical')!.text).toContain('Hop 2: the other server’s certificate was not checked.');
    expect(section(explain(CASES['tls-some-hops'], 'es'), 'delivery')!.text).toContain('las horas del recorrido no son fiables');
    expect(d.text).toContain('The sender asked the servers to ignore their TLS rules');
  });

  it('warns about a secret key instead of saying there is nothing to do', () => {
    const e = explain(CASES['autocrypt-setup-message'], 'en');
    const todo = section(e, 'what-to-do')!;
    expect(todo.text).toMatch(/^Do not forward this message or copy the key anywhere\./);
    expect(todo.text).not.toContain('Nothing special');
    expect(todo.evidence[0]).toEqual({ source: 'header', where: 'Autocrypt-Setup-Message', value: 'v1' });
    expect(section(e, 'delivery')!.text.split('\n')[0]).toBe('The one server that left a trace sent it without TLS. (TLS locks the link between two mail servers while the mail moves.)');
    expect(section(e, 'authentication')!.text).toContain('The DKIM seal comes from testrun.org, not from the From domain.');
  });

  it('explains ignored authentication results and why', () => {
    const a = section(explain(CASES['tls-some-hops'], 'en'), 'authentication')!;
    expect(a.text).toContain('Veil set aside one result line (evil.example).');
    expect(a.text).toContain('written before the mail reached your system');
    expect(a.evidence.some((e) => e.value.includes('evil.example'))).toBe(true);
  });

  it('explains a reply that will not thread, with the relay’s reason', () => {
    const t = section(explain(CASES['reply-will-not-thread'], 'en'), 'threading')!;
    expect(t.text).toContain('will likely open a new ticket');
    expect(t.text).toContain('The relay removed the headers that point to the earlier messages.');
    expect(t.evidence.some((e) => e.value === 'some-future-code')).toBe(true);
    expect(section(explain(CASES['reply-will-not-thread'], 'en'), 'what-to-do')!.text).toContain('If it opens a new ticket, merge that ticket into the right one.');
    expect(section(explain(CASES['reply-will-not-thread'], 'es'), 'what-to-do')!.text).toContain('fusiónelo con el ticket correcto');
  });

  it('glosses each jargon term once, the first time', () => {
    const e = explain(CASES['smime-encrypted-named'], 'en');
    const all = e.sections.map((s) => s.text).join('\n');
    for (const gloss of ['S/MIME is a standard way', 'TLS locks the link', 'SPF checks', 'DKIM is a seal', 'DMARC checks']) {
      expect(all.split(gloss).length - 1, gloss).toBe(1);
    }
  });
});

describe('notifications', () => {
  it('does not call a site notice a hidden person', () => {
    const e = explain(CASES['notification-github'], 'en');
    expect(e.headline).toBe('This is a notice from GitHub: replies go to the site, not to a person.');
    expect(section(e, 'cannot-recover')).toBeUndefined();
  });
});

describe('ready-to-paste texts', () => {
  const withReply = ['smime-encrypted-named', 'pgp-mime-encrypted', 'pgp-passphrase-only', 'portal-zix', 'attachment-pdf', 'relay-apple', 'relay-mismatch'];
  const withoutReply = ['smime-opaque-signed', 'pgp-clearsigned', 'plain', 'smime-encrypted-mine', 'list-google-groups'];

  it('offers a customer reply exactly when the customer has something to do', () => {
    for (const lang of LANGS) {
      for (const id of withReply) expect(explain(CASES[id], lang).customerReply, `${id} ${lang}`).toBeTruthy();
      for (const id of withoutReply) expect(explain(CASES[id], lang).customerReply, `${id} ${lang}`).toBeUndefined();
    }
  });

  it('writes an internal note with facts, evidence and the recommended action', () => {
    const n = explain(CASES['relay-mismatch'], 'en').internalNote!;
    expect(n).toMatch(/^Veil summary: /);
    expect(n).toContain('\nFacts:\n- ');
    expect(n).toContain('\nEvidence:\n- header From: “Customer <ana_garcia_at_example_org_x7k2@simplelogin.co>”');
    expect(n).toContain('\nRecommended action:\n- Warning:');
    const es = explain(CASES['relay-mismatch'], 'es').internalNote!;
    expect(es).toMatch(/^Resumen de Veil: /);
    expect(es).toContain('\nEvidencias:\n- encabezado From: ');
    expect(es).toContain('\nAcción recomendada:\n- Atención:');
  });

  it('asks for a portal resend to the right address, and tells a relay user where replies come from', () => {
    expect(explain(CASES['portal-cisco'], 'en').customerReply).toContain('Could you please send it again through Cisco Secure Email Encryption to billing@example.net?');
    // The desk replies from another address than the relay accepts: the reply promises no address.
    for (const lang of LANGS) expect(explain(CASES['relay-mismatch'], lang).customerReply).not.toContain('help@example.net');
    expect(explain(CASES['relay-simplelogin'], 'es').customerReply).toContain('le contestaremos desde support@example.net');
    expect(explain(CASES['attachment-zip'], 'es').customerReply).toContain('no nos envíe la contraseña por correo');
  });
});

describe('snapshots', () => {
  for (const [id, c] of Object.entries(ALL_CASES)) {
    for (const lang of LANGS) {
      it(`${id} (${lang})`, () => {
        const e = explain(c, lang);
        const text = [
          `# ${e.headline}`,
          ...e.sections.flatMap((s) => [`## ${s.title} [${s.id}]`, s.text, ...s.evidence.map((x) => `  ↳ ${x.source} ${x.where}: ${x.value}`)]),
          ...(e.internalNote ? ['--- internal note', e.internalNote] : []),
          ...(e.customerReply ? ['--- customer reply', e.customerReply] : []),
        ].join('\n');
        expect(text).toMatchSnapshot();
      });
    }
  }
});
