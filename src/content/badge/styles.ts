/**
 * Styles of the in-page badge and panel. They live inside closed shadow roots, so the page's CSS
 * cannot restyle them and ours cannot leak out. Colours keep at least 4.5:1 contrast (WCAG 1.4.3)
 * in both schemes; dark mode follows the system (prefers-color-scheme), as the host pages do.
 */

/** Inline style of a host element: page rules cannot hide or resize it without !important. */
export const HOST_STYLE =
  'all: initial !important; display: inline-block !important; vertical-align: middle !important; margin: 0 0 0 6px !important; line-height: normal !important;';

/** The panel's host is the fixed box itself (so it has a size the page and tests can see). */
export const PANEL_HOST_STYLE =
  'all: initial !important; position: fixed !important; z-index: 2147483647 !important; top: 16px !important; right: 16px !important; width: min(440px, calc(100vw - 32px)) !important;';

export const BADGE_CSS = `
:host { all: initial; }
button {
  font: 12px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; display: inline-flex; align-items: center; gap: 5px; cursor: pointer;
  padding: 2px 8px; border-radius: 10px; border: 1px solid currentColor;
  background: var(--bg); color: var(--fg); max-width: 260px;
  --bg: #f1f3f4; --fg: #3c4043;
}
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: currentColor; flex: none; }
.t { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.mark { font-weight: 700; flex: none; }
.mark[hidden] { display: none; }
.encrypted { --bg: #e8f0fe; --fg: #174ea6; }
.masked { --bg: #fef7e0; --fg: #7a4a00; }
.signed { --bg: #e6f4ea; --fg: #0d652d; }
.error { --bg: #fce8e6; --fg: #a50e0e; }
.loading { --bg: #f1f3f4; --fg: #5f6368; cursor: progress; }
@media (prefers-color-scheme: dark) {
  button { --bg: #303134; --fg: #e8eaed; }
  .encrypted { --bg: #1c2b4a; --fg: #aecbfa; }
  .masked { --bg: #3d2f00; --fg: #fdd663; }
  .signed { --bg: #0f3020; --fg: #81c995; }
  .error { --bg: #3c1512; --fg: #f6aea9; }
  .loading { --bg: #303134; --fg: #bdc1c6; }
  button:focus-visible { outline-color: #8ab4f8; }
}
`;

export const PANEL_CSS = `
:host { all: initial; }
.panel {
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-height: calc(100vh - 32px); overflow: auto; box-sizing: border-box; padding: 16px 18px;
  background: #ffffff; color: #202124; border: 1px solid #dadce0; border-radius: 10px;
  box-shadow: 0 4px 18px rgba(0, 0, 0, 0.25);
}
.panel:focus { outline: none; }
.panel:focus-visible { outline: 2px solid #1a73e8; }
header { display: flex; align-items: flex-start; justify-content: space-between; gap: 12px; }
h2 { font-size: 16px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 14px 0 4px; }
p, pre { margin: 0 0 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; background: #f1f3f4; padding: 8px; border-radius: 6px; }
ul { margin: 4px 0 0; padding-left: 18px; color: #3c4043; font-size: 12px; }
li { overflow-wrap: anywhere; }
button {
  font: inherit; font-size: 13px; cursor: pointer; border-radius: 6px; padding: 3px 10px;
  border: 1px solid #dadce0; background: #f8f9fa; color: #202124;
}
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.headline { font-weight: 600; }
@media (prefers-color-scheme: dark) {
  .panel { background: #202124; color: #e8eaed; border-color: #5f6368; }
  pre { background: #303134; }
  ul { color: #bdc1c6; }
  button { background: #303134; color: #e8eaed; border-color: #5f6368; }
  button:focus-visible, .panel:focus-visible { outline-color: #8ab4f8; }
}
`;
