/** The UI language: the agent's choice in the options, else the browser's UI language. */
import browser from 'webextension-polyfill';
import { resolveLang, type Lang } from '../core';
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
