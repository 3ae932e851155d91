/**
 * The extension pages' side of the agent's desk domains (options page, popup): ask the browser for
 * an origin, and tell the background (background/desks.ts), which registers the content script.
 */
import browser from 'webextension-polyfill';
import type { DeskStatus } from '../messaging/protocol';
import { sendToBackground } from '../messaging/send';
import { deskPattern } from './desks';

export interface DesksApi {
  list(): Promise<DeskStatus[]>;
  /** Asks the browser for the origin; call it first thing in a click handler, before any await. */
  request(origin: string): Promise<boolean>;
  add(origin: string): Promise<DeskStatus[]>;
  remove(origin: string): Promise<{ desks: DeskStatus[]; released: boolean }>;
}

export const deskClient: DesksApi = {
  list: () => sendToBackground('listDesks', {}),
  request(origin) {
    // Synchronously, in the click: Firefox shows the prompt only for a user gesture, and an await
    // before it would lose the gesture. The prompt may close the popup before it answers:
    // expectDesk lets the background finish by itself (permissions.onAdded).
    const asked = browser.permissions.request({ origins: [deskPattern(origin)] });
    void sendToBackground('expectDesk', { origin }).catch(() => undefined);
    return asked;
  },
  add: (origin) => sendToBackground('addDesk', { origin }),
  remove: (origin) => sendToBackground('removeDesk', { origin }),
};
