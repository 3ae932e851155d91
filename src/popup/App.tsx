/**
 * The popup: the messages Veil found on the current tab (a verdict chip each; one click opens the
 * explanation), "Scan this page", and a paste / drop box for raw source. Loading, empty and error
 * states say what happened and what to do. Text only: nothing reaches innerHTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_RAW_BYTES } from '../core/limits';
import { inert } from '../core/text';
import type { Analysis, Lang } from '../core/types';
import { ui, uiCount } from '../core/i18n/ui';
import { MessageError, type FoundEntry, type TabState } from '../messaging/protocol';
import type { PopupApi } from './api';
import { AnalysisView } from './components/AnalysisView';
import { Diagnostics, unplacedText } from './components/Diagnostics';
import { rowsOf, type Row } from './diagnostics';
import { DeskOffer } from './components/DeskOffer';
import { DomainLine } from './components/DomainLine';
import { PasteBox } from './components/PasteBox';
import { VerdictChip } from './components/VerdictChip';
import { isBuiltInSite } from '../shared/desks';

type View = { kind: 'list' } | { kind: 'entry'; key: string } | { kind: 'pasted'; analysis: Analysis };

/** A sentence for a failure, after "because …". */
export function reasonOf(e: unknown, lang: Lang): string {
  const code = e instanceof MessageError ? e.code : '';
  if (code === 'too-large') return ui(lang, 'popup.tooLarge', { max: Math.round(MAX_RAW_BYTES / 1048576) });
  if (code === 'no-receiver') return ui(lang, 'popup.noResponse');
  // The browser's own wording ("Cannot access contents of the page…") is English only.
  if (code === 'no-access') return ui(lang, 'popup.noAccess');
  return e instanceof Error ? e.message : String(e);
}

/** Longest list label: page text or a subject, cut so a 100,000-character one keeps the list readable. */
const MAX_LABEL_SHOWN = 140;

/** The tab's origin when it is a web page Veil does not read by itself nor as one of the agent's desks. */
async function deskOffer(api: PopupApi, tabId: number): Promise<string | null> {
  if (!api.tabOrigin || !api.desks) return null;
  try {
    const origin = await api.tabOrigin(tabId);
    if (!origin || isBuiltInSite(origin)) return null;
    const desks = await api.desks.list();
    return desks.some((d) => d.origin === origin && d.granted) ? null : origin;
  } catch {
    return null;
  }
}

export function entryLabel(entry: FoundEntry, index: number, lang: Lang): string {
  const text = entry.label || entry.analysis?.message?.subject;
  return text ? inert(text, MAX_LABEL_SHOWN) : ui(lang, 'popup.untitled', { n: index + 1 });
}

/** A message the page scan listed whose raw source is still being read: no chip, nothing to open yet. */
function PendingItem({ row, index, lang }: { row: Row; index: number; lang: Lang }) {
  return (
    <li>
      <span class="entry pending" data-key={row.key}>
        <span class="chip">{ui(lang, 'popup.reading')}</span>
        <span class="entry-text">
          <span class="entry-label">{row.label || ui(lang, 'popup.untitled', { n: index + 1 })}</span>
          {row.unplaced && <span class="entry-where">{ui(lang, 'popup.notPlaced', { reason: unplacedText(lang, row.unplaced) })}</span>}
        </span>
      </span>
    </li>
  );
}

function EntryItem({ entry, index, lang, onOpen, row }: { entry: FoundEntry; index: number; lang: Lang; onOpen: () => void; row?: Row }) {
  const label = entryLabel(entry, index, lang);
  const verdict = entry.analysis?.verdict ?? 'error';
  const from = entry.analysis?.sender.from;
  // The aria-label replaces the button's content as its name, so it must carry the verdict too:
  // otherwise a screen reader hears only the sender, never what the chip says (WCAG 1.3.1, 2.5.3).
  const name = ui(lang, 'popup.open', { label, verdict: ui(lang, `verdict.${verdict}`) });
  return (
    <li>
      <button type="button" class="entry" aria-label={name} data-key={entry.key} onClick={onOpen}>
        <VerdictChip verdict={verdict} lang={lang} />
        <span class="entry-text">
          <span class="entry-label">
            <bdi>{label}</bdi>
          </span>
          {from && (
            <span class="entry-from">
              <DomainLine value={from} lang={lang} />
            </span>
          )}
          {row?.unplaced && <span class="entry-where">{ui(lang, 'popup.notPlaced', { reason: unplacedText(lang, row.unplaced) })}</span>}
        </span>
      </button>
    </li>
  );
}

function EntryDetail({ entry, lang, api }: { entry: FoundEntry; lang: Lang; api: PopupApi }) {
  if (entry.analysis) return <AnalysisView analysis={entry.analysis} lang={lang} copy={api.copy} />;
  return (
    <div class="problem" role="alert">
      <p>{ui(lang, 'popup.rawUnreadable', { reason: entry.error || ui(lang, 'popup.noResponse') })}</p>
      <p>{ui(lang, 'popup.rawUnreadableHelp')}</p>
    </div>
  );
}

export function App({ api, initialLang }: { api: PopupApi; initialLang?: Lang }) {
  const [lang, setLang] = useState<Lang>(initialLang ?? 'en');
  const [loading, setLoading] = useState(true);
  const [tabId, setTabId] = useState<number | null>(null);
  const [state, setState] = useState<TabState | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string>('');
  const [busy, setBusy] = useState(false);
  /** The tab's origin when Veil does not read it: "Use Veil on this site" is offered there. */
  const [offer, setOffer] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let unwatch = () => {};
    void (async () => {
      const l = initialLang ?? (await api.lang().catch(() => 'en' as Lang));
      setLang(l);
      document.documentElement.lang = l;
      const id = await api.activeTabId().catch(() => null);
      setTabId(id);
      if (id !== null) {
        try {
          const s = await api.getTabState(id);
          setState(s);
          if (s?.focus && s.entries.some((e) => e.key === s.focus)) setView({ kind: 'entry', key: s.focus });
        } catch (e) {
          setError(ui(l, 'popup.scanFailed', { reason: reasonOf(e, l) }));
        }
        unwatch = api.watchTab(id, (s) => {
          setState(s);
          setStatus('');
        });
        setOffer(await deskOffer(api, id));
      }
      setLoading(false);
    })();
    return () => unwatch();
  }, [api, initialLang]);

  // Move focus to the new view's heading so keyboard and screen-reader users land on it — also once
  // loading ends (the list heading does not exist before), so the first Tab reaches the first message.
  useEffect(() => {
    if (loading) return;
    if (view.kind !== 'list') document.getElementById('veil-headline')?.focus();
    else headingRef.current?.focus();
  }, [view, loading]);

  const scan = async () => {
    if (tabId === null) return;
    setError('');
    setStatus(ui(lang, 'popup.scanning'));
    try {
      await api.scanTab(tabId);
      setState(await api.getTabState(tabId));
    } catch (e) {
      setStatus('');
      setError(ui(lang, 'popup.scanFailed', { reason: reasonOf(e, lang) }));
    }
  };

  const analyzePasted = async (raw: string, encoding?: 'base64') => {
    setError('');
    setBusy(true);
    setStatus(ui(lang, 'popup.analyzing'));
    try {
      const analysis = encoding ? await api.analyzeText(raw, lang, encoding) : await api.analyzeText(raw, lang);
      setView({ kind: 'pasted', analysis });
      setStatus('');
    } catch (e) {
      setStatus('');
      setError(ui(lang, 'popup.analyzeFailed', { reason: reasonOf(e, lang) }));
    } finally {
      setBusy(false);
    }
  };

  const entries = state?.entries ?? [];
  const rows = rowsOf(state);
  const open = view.kind === 'entry' ? entries.find((e) => e.key === view.key) : undefined;

  return (
    <main class="popup" lang={lang}>
      <header class="bar">
        <h1>{ui(lang, 'popup.title')}</h1>
        <button type="button" class="link" onClick={() => api.openOptions()}>
          {ui(lang, 'popup.options')}
        </button>
      </header>
      <p class="status" role="status" aria-live="polite">
        {loading ? ui(lang, 'popup.loading') : status}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {view.kind !== 'list' && (
        <div class="detail">
          <button type="button" class="back" onClick={() => setView({ kind: 'list' })}>
            {'← '}
            {ui(lang, 'popup.back')}
          </button>
          {view.kind === 'pasted' && <AnalysisView analysis={view.analysis} lang={lang} copy={api.copy} />}
          {view.kind === 'entry' && open && <EntryDetail entry={open} lang={lang} api={api} />}
        </div>
      )}
      {view.kind === 'list' && !loading && (
        <>
          <section class="found" aria-labelledby="veil-found">
            <h2 id="veil-found" ref={headingRef} tabIndex={-1}>
              {ui(lang, 'popup.onThisPage')}
            </h2>
            {tabId === null ? (
              <p class="empty">{ui(lang, 'popup.noTab')}</p>
            ) : rows.length === 0 ? (
              <div class="empty">
                <p>{ui(lang, 'popup.empty')}</p>
                <p>{ui(lang, 'popup.emptyHelp')}</p>
              </div>
            ) : (
              <>
                <p class="count">{uiCount(lang, 'popup.found', rows.length)}</p>
                <ul class="entries">
                  {rows.map((r, i) =>
                    r.entry ? (
                      <EntryItem key={r.key} entry={r.entry} row={r} index={i} lang={lang} onOpen={() => setView({ kind: 'entry', key: r.key })} />
                    ) : (
                      <PendingItem key={r.key} row={r} index={i} lang={lang} />
                    ),
                  )}
                </ul>
              </>
            )}
            {tabId !== null && (
              <button type="button" class="primary" onClick={() => void scan()}>
                {ui(lang, 'popup.scan')}
              </button>
            )}
            {tabId !== null && <Diagnostics state={state} rows={rows} lang={lang} copy={api.copy} version={api.version?.()} />}
          </section>
          {offer && api.desks && <DeskOffer origin={offer} lang={lang} desks={api.desks} />}
          <PasteBox lang={lang} busy={busy} onAnalyze={(raw, encoding) => void analyzePasted(raw, encoding)} onError={setError} />
        </>
      )}
    </main>
  );
}
