import { render } from 'preact';
import browser from 'webextension-polyfill';
import { loadSettings, saveSettings } from '../shared/settings';
import { OptionsPage, type OptionsApi } from './Options';
import '../popup/popup.css';
import './options.css';

const api: OptionsApi = {
  load: loadSettings,
  save: saveSettings,
  browserLanguage: () => browser.i18n.getUILanguage(),
};

render(<OptionsPage api={api} />, document.getElementById('app')!);
