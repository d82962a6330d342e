import { hasCommand, installDebianPackages } from './probe';

/** Where the console's browser tests (playwright-core) find Debian's Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The console's browser tests drive Debian's Chromium headless: install the system package when it is
 * missing (root on Debian), else say exactly what to install. Nothing is downloaded from elsewhere.
 */
export async function ensureChromium(log: (message: string) => void): Promise<void> {
  if (await hasCommand('chromium')) {
    log('chromium: installed');
    return;
  }
  await installDebianPackages(['chromium'], log);
  log('chromium: installed');
}
