/** The public surface of the pure core. */
export { analyze, failedAnalysis } from './analyze';
export { explain } from './explain/explain';
export { shownEvidence, isShownEvidence, evidenceLabel, evidenceText } from './explain/evidence';
export { t, resolveLang, LANGS } from './i18n';
export { verdictOf, VERDICTS } from './verdict';
export { MAX_RAW_BYTES } from './limits';
export type * from './types';
