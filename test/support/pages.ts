/**
 * Saved/built pages for the adapter tests: test/fixtures/pages/<adapter-id>/<state>.html. Each page
 * starts with the browser's "saved from url=(N)URL" mark; the page is loaded in a fresh jsdom
 * window at that URL (scripts are not run).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { FIXTURES } from './paths';

export const PAGES = join(FIXTURES, 'pages');

export function pageFiles(adapterId: string): string[] {
  return readdirSync(join(PAGES, adapterId))
    .filter((f) => f.endsWith('.html'))
    .sort();
}

export function pageHtml(adapterId: string, name: string): string {
  return readFileSync(join(PAGES, adapterId, name), 'utf8');
}

/** The URL a page was saved from. */
export function savedFrom(html: string): string {
  const m = /saved from url=\(\d+\)(\S+?)\s*-->/.exec(html);
  if (!m) throw new Error('page has no "saved from url" mark');
  return m[1]!;
}

export interface LoadedPage {
  dom: JSDOM;
  doc: Document;
  url: URL;
}

export function loadPage(adapterId: string, name: string, url?: string): LoadedPage {
  const html = pageHtml(adapterId, name);
  const at = url ?? savedFrom(html);
  const dom = new JSDOM(html, { url: at, pretendToBeVisual: true });
  return { dom, doc: dom.window.document, url: new URL(at) };
}
