/** The runtime's link to the background, over the typed one-shot senders of src/messaging. */
import { sendToBackground } from '../messaging/send';
import type { ContentBridge } from './run-adapter';

export const backgroundBridge: ContentBridge = {
  analyzeRaw: (req) => sendToBackground('analyzeRaw', req),
  reportError: (req) => sendToBackground('reportError', req),
  resetTab: (req) => sendToBackground('resetTab', req),
  reportPage: (req) => sendToBackground('reportPage', req),
};
