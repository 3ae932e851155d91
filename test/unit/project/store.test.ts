// The store material matches the extension: the privacy policy names every permission the manifest
// asks for, each listing's summary fits the Chrome Web Store's 132 characters, the screenshots are
// 1280×800 PNGs in both languages, and the README shows them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const manifest = JSON.parse(read('manifest.json')) as { permissions: string[]; host_permissions: string[] };

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2). */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('store material', () => {
  it('PRIVACY.md names every permission and host the manifest asks for, and where data is kept', () => {
    const privacy = read('PRIVACY.md');
    for (const p of [...manifest.permissions, ...manifest.host_permissions]) expect(privacy, p).toContain(`\`${p}\``);
    expect(privacy).toContain('storage.session');
    expect(privacy).toContain('storage.local');
    expect(privacy).toMatch(/sends nothing/i);
  });

  it.each(['en', 'es'])('the %s listing: a summary of at most 132 characters, and every permission justified', (lang) => {
    const text = read(`store/description.${lang}.md`);
    const summary = /^## (?:Summary|Resumen)[^\n]*\n([^\n]+)/m.exec(text)?.[1] ?? '';
    expect(summary.length).toBeGreaterThan(40);
    expect([...summary].length).toBeLessThanOrEqual(132);
    for (const p of manifest.permissions) expect(text, p).toContain(p);
    for (const h of manifest.host_permissions) expect(text, h).toContain(h);
  });

  it('screenshots: the badges, the panel and the popup, 1280×800, in both languages, shown in the README', () => {
    const readme = read('README.md');
    for (const lang of ['en', 'es']) {
      const dir = join(ROOT, 'store/screenshots', lang);
      expect(readdirSync(dir).sort()).toEqual(['1-badges.png', '2-panel.png', '3-popup.png']);
      for (const f of readdirSync(dir)) {
        expect(pngSize(join(dir, f)), `${lang}/${f}`).toEqual({ width: 1280, height: 800 });
        expect(readme).toContain(`store/screenshots/${lang}/${f}`);
      }
    }
    for (const doc of ['LICENSE', 'PRIVACY.md', 'BUILDING.md', 'THIRD-PARTY-NOTICES.txt']) expect(readme).toContain(doc);
  });
});
