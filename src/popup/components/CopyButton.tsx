import { useState } from 'preact/hooks';
import type { Lang } from '../../core';
import { ui, type UiKey } from '../../core/i18n/ui';

export function CopyButton({ text, label, lang, copy }: { text: string; label: UiKey; lang: Lang; copy: (t: string) => Promise<void> }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <span class="copy">
      <button
        type="button"
        onClick={() =>
          void copy(text).then(
            () => setStatus('copied'),
            () => setStatus('failed'),
          )
        }
      >
        {ui(lang, label)}
      </button>
      <span role="status" aria-live="polite" class="copy-status">
        {status === 'copied' ? ui(lang, 'popup.copied') : status === 'failed' ? ui(lang, 'popup.copyFailed') : ''}
      </span>
    </span>
  );
}
