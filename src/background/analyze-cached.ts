/**
 * Runs the pure core with the agent's settings (language, support addresses, own key identifiers),
 * through the content-hash cache.
 */
import browser from 'webextension-polyfill';
import { analyze, type Analysis, type Lang } from '../core';
import { chooseLang } from '../shared/locale';
import { loadSettings, toAnalyzeOptions } from '../shared/settings';
import { cacheKey, readCached, sha256Hex, writeCached } from './cache';

export interface CachedAnalysis {
  analysis: Analysis;
  hash: string;
}

export async function currentLang(): Promise<Lang> {
  const settings = await loadSettings();
  return chooseLang(settings.lang, browser.i18n.getUILanguage());
}

/** `raw`: pasted or page text, or the bytes of a dropped binary file (an Outlook .msg). */
export async function analyzeCached(raw: string | Uint8Array, langOverride?: Lang): Promise<CachedAnalysis> {
  const settings = await loadSettings();
  const lang = langOverride ?? chooseLang(settings.lang, browser.i18n.getUILanguage());
  const options = toAnalyzeOptions(settings, lang);
  const hash = await sha256Hex(raw);
  const key = await cacheKey(hash, options);
  const session = browser.storage.session;
  const hit = await readCached(session, key);
  if (hit) return { analysis: hit, hash };
  const analysis = await analyze(raw, options);
  await writeCached(session, key, analysis);
  return { analysis, hash };
}
