// Runs the CLI's main() in-process with captured stdout/stderr, for the CLI tests.
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';

export class Capture extends Writable {
  text = '';
  _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

export async function runCli(args: string[]) {
  const out = new Capture();
  const err = new Capture();
  const code = await main(args, out, err);
  return {
    code,
    out: out.text,
    err: err.text,
    /** The JSON Lines output, one object per message. */
    json: () =>
      out.text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l)),
  };
}
