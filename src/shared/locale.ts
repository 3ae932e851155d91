/** The UI language: the agent's choice in the options, else the browser's UI language. */
import browser from 'webextension-polyfill';
// The i18n module only, not the core's index: pages must not pull the analysis engine in.
import { resolveLang } from '../core/i18n';
import type { Lang } from '../core/types';
import type { Settings } from './settings';

export function uiLanguageTag(): string {
  try {
    return browser.i18n.getUILanguage();
  } catch {
    return typeof navigator !== 'undefined' ? navigator.language : 'en';
  }
}

export function chooseLang(setting: Settings['lang'], browserTag: string = uiLanguageTag()): Lang {
  return setting === 'en' || setting === 'es' ? setting : resolveLang(browserTag);
}
