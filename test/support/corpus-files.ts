/**
 * Every file under a corpus folder that could be a message, RFC 5322 or an Outlook item (.msg):
 * notes, labels and provenance (SOURCE.txt, LICENSE.txt) are skipped. By default ../shared/corpora.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA } from './paths';

export function corpusFiles(dir = CORPORA): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...corpusFiles(p));
    else if (st.isFile() && !/\.(md|tsv)$/i.test(name) && name !== 'SOURCE.txt' && name !== 'LICENSE.txt') out.push(p);
  }
  return out;
}
