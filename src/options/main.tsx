import { render } from 'preact';
import browser from 'webextension-polyfill';
import { deskClient } from '../shared/desk-client';
import { loadManaged } from '../shared/managed';
import { loadLocalSettings, saveSettings } from '../shared/settings';
import { OptionsPage, type OptionsApi } from './Options';
import '../popup/popup.css';
import './options.css';

const api: OptionsApi = {
  load: loadLocalSettings,
  save: saveSettings,
  browserLanguage: () => browser.i18n.getUILanguage(),
  managed: loadManaged,
  desks: deskClient,
};

render(<OptionsPage api={api} />, document.getElementById('app')!);
