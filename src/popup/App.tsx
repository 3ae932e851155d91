/**
 * The popup: paste raw source or drop an .eml, and read the explanation. Text only: every string
 * from a message goes through JSX text nodes, never innerHTML.
 */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Analysis } from '../core';
import type { Result } from '../messaging/protocol';

export function AnalysisView({ analysis }: { analysis: Analysis }) {
  return (
    <article data-verdict={analysis.verdict}>
      <h2 class="headline">{analysis.explanation.headline}</h2>
      {analysis.explanation.sections.map((s) => (
        <section key={s.id} data-section={s.id}>
          <h3>{s.title}</h3>
          <p>{s.text}</p>
          {s.evidence.length > 0 && (
            <ul class="evidence">
              {s.evidence.map((e, i) => (
                <li key={i}>
                  {e.where}: {e.value}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </article>
  );
}

export function App() {
  const [raw, setRaw] = useState('');
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (text: string) => {
    setError(null);
    const res = (await browser.runtime.sendMessage({ type: 'analyzeText', data: { raw: text } })) as Result<Analysis>;
    if (res.ok) setAnalysis(res.value);
    else setError(res.error.message);
  };
  return (
    <main>
      <h1>Veil</h1>
      <textarea aria-label="Raw message source" value={raw} onInput={(e) => setRaw((e.target as HTMLTextAreaElement).value)} />
      <button type="button" onClick={() => void run(raw)}>
        Analyze
      </button>
      {error && <p role="alert">{error}</p>}
      {analysis && <AnalysisView analysis={analysis} />}
    </main>
  );
}
