/**
 * The explanation of real messages: every protected or masked corpus message, in both languages,
 * gets a headline, "cannot-recover" and "what-to-do" with evidence behind them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { Lang } from '../../../src/core/types';
import { CORPORA, FIXTURE_CORPORA } from '../../support/paths';

/** LABELS.tsv rows that are not plain, or that involve a relay. */
function interesting(): string[] {
  const rows = readFileSync(join(CORPORA, 'LABELS.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  return rows.map((r) => r.split('\t')).filter((c) => c[2] !== 'plain' || (c[9] ?? '').trim()).map((c) => c[0]);
}

describe('explanations of real protected and masked messages', () => {
  it('always say what cannot be recovered and what to do, with evidence', { tags: ['corpora'], timeout: 60_000 }, async () => {
    const files = interesting();
    expect(files.length).toBeGreaterThan(150);
    const problems: string[] = [];
    let checked = 0;
    for (const f of files) {
      const raw = readFileSync(join(CORPORA, f));
      for (const lang of ['en', 'es'] as Lang[]) {
        const a = await analyze(raw, { lang });
        const e = a.explanation;
        if (!e.headline) problems.push(`${f} [${lang}]: no headline`);
        if (!e.sections.length) problems.push(`${f} [${lang}]: no sections`);
        const masked = a.sender.masked && a.sender.kind !== 'notification' && !a.sender.notification;
        if (!a.protection.some((l) => l.kind === 'encrypted') && !masked) continue;
        checked++;
        for (const id of ['cannot-recover', 'what-to-do']) {
          const s = e.sections.find((x) => x.id === id);
          if (!s || !s.text) problems.push(`${f} [${lang}]: no ${id}`);
          else if (!s.evidence.length) problems.push(`${f} [${lang}]: ${id} without evidence`);
        }
        const what = e.sections.find((x) => x.id === 'what');
        if (!what?.evidence.length) problems.push(`${f} [${lang}]: 'what' without evidence`);
        if (!e.internalNote) problems.push(`${f} [${lang}]: no internal note`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('never says "not encrypted" of a signature that wraps encryption, "first message" of a reply, or a sentence twice', { tags: ['corpora'], timeout: 60_000 }, async () => {
    const problems: string[] = [];
    const rows = readFileSync(join(CORPORA, 'LABELS.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((r) => r.split('\t')[0]);
    for (const f of rows) {
      const a = await analyze(readFileSync(join(CORPORA, f)), { lang: 'en' });
      if (!a.ok) continue;
      const what = a.explanation.sections.find((s) => s.id === 'what')?.text ?? '';
      if (a.protection.some((l) => l.kind === 'encrypted') && /nothing is encrypted|text itself is not encrypted/.test(what)) {
        const signed = a.protection.filter((l) => l.kind === 'signed');
        const enc = a.protection.filter((l) => l.kind === 'encrypted');
        if (signed.some((s) => enc.some((e) => e.part === s.part || e.part.startsWith(`${s.part}.`)))) problems.push(`${f}: signed wrapper called unencrypted`);
      }
      for (const s of a.explanation.sections) {
        const said = s.text.split('\n');
        if (new Set(said).size !== said.length) problems.push(`${f}: a sentence repeats in ${s.id}`);
      }
      const thread = a.explanation.sections.find((s) => s.id === 'threading')?.text ?? '';
      if ((a.threading.inReplyTo || a.threading.references.length) && thread.includes('first message')) problems.push(`${f}: reply called a first message`);
      if (a.threading.reasons?.includes('new-conversation') && /earlier messages/.test(thread)) problems.push(`${f}: first message said to point to earlier ones`);
    }
    expect(problems).toEqual([]);
  });

  it('tells the agent not to answer a bounce, and that a read receipt needs nothing (RFC 3464, RFC 8098)', async () => {
    const d = join(FIXTURE_CORPORA, 'deltachat-core/test-data/message');
    for (const lang of ['en', 'es'] as Lang[]) {
      const bounce = (await analyze(readFileSync(join(d, 'posteo_ndn.eml')), { lang })).explanation;
      const todo = bounce.sections.find((s) => s.id === 'what-to-do')!;
      expect(todo.text).toContain(lang === 'en' ? 'Do not reply to it: no person reads that address.' : 'No lo responda: nadie lee esa dirección.');
      expect(todo.evidence).toContainEqual({ source: 'part', where: '1', value: 'multipart/report; report-type=delivery-status' });
      const receipt = (await analyze(readFileSync(join(d, 'ms_exchange_report_disposition_notification.eml')), { lang })).explanation;
      expect(receipt.sections.find((s) => s.id === 'what')!.text).toContain(lang === 'en' ? 'read receipt' : 'confirmación de lectura');
    }
  });
});
