/** Gmail "Show original" pages with a given raw message, built from the saved page's structure. */
import { pageHtml } from './pages';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The saved show-original page with its <pre id="raw_message_text"> holding `raw`. */
export function showOriginalHtml(raw: string): string {
  const page = pageHtml('gmail', 'show-original.html');
  const open = page.indexOf('<pre class="raw_message_text" id="raw_message_text">');
  const close = page.indexOf('</pre>', open);
  const head = page.slice(0, open) + '<pre class="raw_message_text" id="raw_message_text">';
  return head + escapeHtml(raw) + page.slice(close);
}
