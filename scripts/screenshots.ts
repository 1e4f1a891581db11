// `npm run screenshots`: starts the demo on a fresh simulated portal, opens the preview in
// headless Chromium (Debian's package; never a download) and saves the README's pictures:
// docs/images/card.png (the card on a lead whose verdict is due soon) and docs/images/funnel.png
// (the funnel App Page over the last 12 months, by channel). What each picture shows is in
// demo/screenshots.ts, which the demo's browser test runs as well.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium } from '../demo/browser.ts';
import { startDemo } from '../demo/demo-session.ts';
import { captureCard, captureFunnel } from '../demo/screenshots.ts';
import { runCommand } from './run-command.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IMAGES = join(ROOT, 'docs/images');

async function main(): Promise<number> {
  const executable = findChromium();
  if (executable === null) {
    process.stderr.write(
      'screenshots: no Chromium found. Install it: apt-get update && apt-get install -y chromium fonts-noto-cjk\n',
    );
    return 1;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'lead-handoff-screenshots-'));
  const log = (line: string) => process.stdout.write(`screenshots: ${line}\n`);
  const session = await startDemo({ dataDir, reset: true, port: 0, log });
  const browser = await launchChromium(executable);
  try {
    await mkdir(IMAGES, { recursive: true });
    const card = await captureCard(browser, session, join(IMAGES, 'card.png'));
    log(`saved docs/images/card.png (contact ${card.contactId}, ${card.scenario})`);
    const funnel = await captureFunnel(browser, session, join(IMAGES, 'funnel.png'));
    log(
      `saved docs/images/funnel.png (${funnel.route}: ${funnel.groups} channels, all: ${funnel.total.join(' → ')})`,
    );
  } finally {
    await browser.close();
    await session.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return 0;
}

runCommand('screenshots', main);
