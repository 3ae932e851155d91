/**
 * Hard limits that keep hostile or broken mail from hanging the analysis. Each one is far above
 * what real mail needs; going over one is reported as a defect and the rest is still analysed.
 */

/** Deepest MIME nesting we walk (multipart inside multipart, attached messages included). */
export const MAX_MIME_DEPTH = 40;
/** Most MIME parts we record in one message. */
export const MAX_MIME_PARTS = 2000;
/** Largest header block of one part we parse; real headers are a few kilobytes. */
export const MAX_HEADER_BYTES = 1024 * 1024;
/** Most bytes we decode from an attached message/rfc822 that is itself base64 or QP encoded. */
export const MAX_NESTED_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Most bytes of a text body we decode to look for inline armor or a vendor notice. */
export const MAX_TEXT_SCAN_BYTES = 2 * 1024 * 1024;
/**
 * Most bytes of a text body read for a vendor's secure-message notice: notices are short templates
 * (a few kilobytes); a 1 MB newsletter need not be run through every vendor's phrases.
 */
export const MAX_NOTICE_SCAN_BYTES = 256 * 1024;
/** Largest raw message the analysis accepts (the CLI and the extension refuse bigger input up front). */
export const MAX_RAW_BYTES = 64 * 1024 * 1024;
/** Evidence values are cut to this many characters so explanations stay readable. */
export const MAX_EVIDENCE_CHARS = 200;
/** Evidence `where` (a header name, a part path, a rule id) is cut to this many characters. */
export const MAX_EVIDENCE_WHERE = 80;

// ---------------------------------------------------------------------------------------------
// Budgets per analysis: what one message may cost in total, all parts and nested contents together.
// Each per-call limit above bounds one read; these bound their sum, so 100 small parts cannot each
// spend a per-call limit. Past a budget the rest is skipped and the result says it is partial.
// ---------------------------------------------------------------------------------------------

/** Bytes inflated (S/MIME CompressedData, OpenPGP compressed packets), checked before inflating. */
export const BUDGET_INFLATED_BYTES = 48 * 1024 * 1024;
/** Bytes transfer-decoded (base64, quoted-printable) from parts, all reads together. */
export const BUDGET_DECODED_BYTES = 256 * 1024 * 1024;
/** Received lines read into hops; the newest ones (the receiving system's) are kept. */
export const BUDGET_HOPS = 100;
/** Wall time for classification; what is still unread then is skipped. */
export const BUDGET_CLASSIFY_MS = 3000;
