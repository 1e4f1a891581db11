// Headless Chromium from the OS packages (Debian's `chromium`), driven by playwright-core: never a
// browser download. Used by `npm run screenshots` and the demo's browser test.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium to use: CHROMIUM_PATH, else the Debian package's binary; null when none is installed. */
export function findChromium(): string | null {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured !== undefined && configured !== '') return existsSync(configured) ? configured : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh profile each time, and no background networking: on a machine without internet Chromium
 * otherwise keeps trying to reach Google's services.
 */
export async function launchChromium(
  executablePath: string,
  viewport = { width: 1440, height: 960 },
): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'lead-handoff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
