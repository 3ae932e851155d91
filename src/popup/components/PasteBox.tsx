/** Paste raw source, drop an .eml or an Outlook .msg, or pick one: for pages where Veil found no message. */
import { useState } from 'preact/hooks';
import { MAX_RAW_BYTES } from '../../core/limits';
import type { Lang } from '../../core/types';
import { ui } from '../../core/i18n/ui';

/** Compound File signature (MS-CFB §2.2): an Outlook .msg is binary, read as bytes, never as text. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The file's bytes as base64 (what the background decodes back): the browser's own encoder. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function PasteBox({ lang, busy, onAnalyze, onError }: { lang: Lang; busy: boolean; onAnalyze: (raw: string, encoding?: 'base64') => void; onError: (msg: string) => void }) {
  const [raw, setRaw] = useState('');
  const [over, setOver] = useState(false);

  const readFile = async (file: File | undefined | null) => {
    if (!file) return;
    const max = Math.round(MAX_RAW_BYTES / 1048576);
    if (file.size > MAX_RAW_BYTES) return onError(ui(lang, 'popup.analyzeFailed', { reason: ui(lang, 'popup.tooLarge', { max }) }));
    try {
      const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
      if (CFB.every((b, i) => head[i] === b) || /\.msg$/i.test(file.name)) {
        setRaw('');
        onAnalyze(await base64Of(file), 'base64');
        return;
      }
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
          <input type="file" accept=".eml,.msg,.txt,message/rfc822,application/vnd.ms-outlook,text/plain" onChange={(e) => void readFile((e.target as HTMLInputElement).files?.[0])} />
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
