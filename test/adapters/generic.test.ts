import { afterEach, describe, expect, it, vi } from 'vitest';
import { generic, SELECTORS } from '../../src/adapters/generic';
import { looksLikeRawMessage } from '../../src/adapters/lib/raw-text';
import { eml, fakeFetch } from '../support/fake-fetch';
import { loadPage } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

afterEach(() => vi.unstubAllGlobals());

describe('generic adapter', () => {
  it('finds a raw message in a <pre> and skips other preformatted text', async () => {
    const { doc, url } = loadPage('generic', 'raw-in-pre.html');
    const { messages: found, report } = await generic.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['pre:0']);
    expect(report).toMatchObject({ site: 'generic', shape: 'generic', onPage: 1, markers: { 'raw-text-elements': 1, 'eml-links': 0 } });
    const raw = await found[0]!.loadRaw(new AbortController().signal);
    expect(raw.startsWith('Return-Path: <erin@example.org>\n')).toBe(true);
    expect(raw).toContain('\n\nI rolled my key last week.');
  });

  it('reads a textarea by its current value', async () => {
    const { doc, url } = loadPage('generic', 'raw-in-textarea.html');
    const { messages: found, report } = await generic.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['textarea:0']);
    const box = doc.querySelector('textarea')!;
    box.value = box.value.replace('Where is my order?', 'Edited subject');
    expect(await found[0]!.loadRaw(new AbortController().signal)).toContain('Subject: Edited subject');
  });

  it('takes a selection that holds pasted headers, once', async () => {
    const { doc, url, dom } = loadPage('generic', 'raw-in-pre.html');
    const pre = doc.querySelector('pre')!;
    // Outside any <pre>: the selection is a message of its own.
    const p = doc.createElement('p');
    p.textContent = 'From: gina@example.com\nSubject: hi\nMessage-ID: <g@example.com>';
    doc.body.append(p);
    const range = doc.createRange();
    range.selectNodeContents(p);
    dom.window.getSelection()!.removeAllRanges();
    dom.window.getSelection()!.addRange(range);
    let found = (await generic.findMessages(doc, url, new AbortController().signal)).messages;
    expect(found.map((m) => m.key)).toEqual(['selection', 'pre:0']);
    expect(await found[0]!.loadRaw(new AbortController().signal)).toContain('Subject: hi');
    // Inside the message's <pre>: the same message, found once.
    range.selectNodeContents(pre);
    found = (await generic.findMessages(doc, url, new AbortController().signal)).messages;
    expect(found.map((m) => m.key)).toEqual(['pre:0']);
  });

  it('fetches same-origin .eml links only', async () => {
    const { doc, url } = loadPage('generic', 'eml-link.html');
    const { messages: found, report } = await generic.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['eml:https://files.example.org/tickets/77/original.eml', 'eml:https://files.example.org/download?id=78']);
    const bytes = sampleBytes(SAMPLES.plain);
    const api = fakeFetch((u) => (u.origin === 'https://files.example.org' ? eml(bytes) : undefined));
    vi.stubGlobal('fetch', api.fetch);
    expect(await found[0]!.loadRaw(new AbortController().signal)).toBe(bytes.toString('utf8'));
    expect(api.calls).toEqual(['https://files.example.org/tickets/77/original.eml']);
    expect(report.markers['eml-links']).toBe(2);
  });

  it('tells raw messages from other "Key: value" text', () => {
    expect(looksLikeRawMessage('From: a@example.com\nTo: b@example.com\n\nhi')).toBe(true);
    expect(looksLikeRawMessage('From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nReceived: x\nDate: y\n')).toBe(true);
    expect(looksLikeRawMessage('Received: from a\n\tby b\nMessage-ID: <x@y>\n')).toBe(true);
    expect(looksLikeRawMessage('Host: example.org\nAccept: */*\n')).toBe(false);
    expect(looksLikeRawMessage('Dear team,\nFrom: me')).toBe(false);
    expect(looksLikeRawMessage('')).toBe(false);
    expect(SELECTORS.rawText).toContain('pre');
  });
});
