/** Paste raw source, drop an .eml, or pick one: for pages where Veil found no message. */
import { useState } from 'preact/hooks';
import { MAX_RAW_BYTES } from '../../core/limits';
import type { Lang } from '../../core/types';
import { ui } from '../../core/i18n/ui';

export function PasteBox({ lang, busy, onAnalyze, onError }: { lang: Lang; busy: boolean; onAnalyze: (raw: string) => void; onError: (msg: string) => void }) {
  const [raw, setRaw] = useState('');
  const [over, setOver] = useState(false);

  const readFile = async (file: File | undefined | null) => {
    if (!file) return;
    const max = Math.round(MAX_RAW_BYTES / 1048576);
    if (file.size > MAX_RAW_BYTES) return onError(ui(lang, 'popup.analyzeFailed', { reason: ui(lang, 'popup.tooLarge', { max }) }));
    try {
      const text = await file.text();
      setRaw(text);
      onAnalyze(text);
    } catch {
      onError(ui(lang, 'popup.analyzeFailed', { reason: ui(lang, 'popup.fileUnreadable') }));
    }
  };

  return (
    <section class="paste" aria-labelledby="veil-paste-title">
      <h2 id="veil-paste-title">{ui(lang, 'popup.pasteTitle')}</h2>
      <div
        class={over ? 'drop over' : 'drop'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void readFile(e.dataTransfer?.files?.[0]);
        }}
      >
        <label for="veil-raw">{ui(lang, 'popup.pasteLabel')}</label>
        <textarea
          id="veil-raw"
          rows={6}
          spellcheck={false}
          placeholder={ui(lang, 'popup.pastePlaceholder')}
          value={raw}
          onInput={(e) => setRaw((e.target as HTMLTextAreaElement).value)}
        />
        <p class="hint">{ui(lang, 'popup.dropHint')}</p>
        <label class="file">
          {ui(lang, 'popup.chooseFile')}
          <input type="file" accept=".eml,.txt,message/rfc822,text/plain" onChange={(e) => void readFile((e.target as HTMLInputElement).files?.[0])} />
        </label>
      </div>
      <button
        type="button"
        class="primary"
        disabled={busy}
        onClick={() => (raw.trim() ? onAnalyze(raw) : onError(ui(lang, 'popup.pasteEmpty')))}
      >
        {ui(lang, 'popup.analyze')}
      </button>
    </section>
  );
}
