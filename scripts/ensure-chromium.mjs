// Installs Debian's Chromium when /usr/bin/chromium is missing, so the browser tier can run on a
// fresh machine. Needs root and apt; says plainly what to do otherwise.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    console.error(`veil: ${CHROMIUM} is missing and apt-get is not available: install Chromium to run the browser tests.`);
    return false;
  }
  console.log('veil: installing Debian chromium (apt-get install -y chromium)…');
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, {
    stdio: 'inherit',
  });
  return existsSync(CHROMIUM);
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = ensureChromium() ? 0 : 1;
