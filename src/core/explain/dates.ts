/**
 * Dates in prose, in the reader's language (Intl.DateTimeFormat), never as ISO stamps: "10 de marzo
 * de 2025, 20:23 UTC", "March 10, 2025 at 8:23 PM UTC". Always in UTC, so the same message reads
 * the same on every machine; the evidence keeps the stamp as the message wrote it.
 */
import type { Lang } from '../types';

export function formatDate(lang: Lang, iso: string, withTime: boolean): string {
  const d = new Date(iso);
  // A date the message made up (hostile or damaged) is data: shown as written.
  if (Number.isNaN(d.getTime())) return iso;
  try {
    const f = new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' } : { dateStyle: 'long', timeZone: 'UTC' });
    return withTime ? `${f.format(d)} UTC` : f.format(d);
  } catch {
    return iso;
  }
}
