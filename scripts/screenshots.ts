// `npm run screenshots`: starts the demo on a fresh simulated portal, opens the preview in
// headless Chromium (Debian's package; never a download) and saves the README's pictures:
// docs/images/card.png (the card on a lead whose verdict is due soon) and docs/images/funnel.png
// (the first App Page, when extensions/app/pages/ has one).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium } from '../demo/browser.ts';
import { startDemo } from '../demo/demo-session.ts';
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
  const browser = await launchChromium(executable, { width: 1480, height: 1000 });
  try {
    await mkdir(IMAGES, { recursive: true });
    const page = await browser.context.newPage();
    const lead = session.live.find((item) => item.scenario === 'verdict-due-soon') ?? session.live[0];
    if (!lead) throw new Error('the demo placed no live lead');
    await page.goto(`${session.previewUrl}#/contacts/${lead.contactId}`);
    await page.getByTestId('ground-industry').waitFor();
    await page.getByTestId('portal-value-mql_qualified_at').filter({ hasNotText: '—' }).waitFor();
    await page.screenshot({ path: join(IMAGES, 'card.png'), fullPage: true });
    log(`saved docs/images/card.png (contact ${lead.contactId}, ${lead.scenario})`);

    const pageLink = page.locator('a.pv-nav__item[href^="#/pages/"]').first();
    const pageHref = (await pageLink.count()) > 0 ? await pageLink.getAttribute('href') : null;
    if (pageHref === null) {
      log('no App Page in extensions/app/pages/ yet: docs/images/funnel.png not taken');
    } else {
      await page.goto(`${session.previewUrl}${pageHref}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: join(IMAGES, 'funnel.png'), fullPage: true });
      log(`saved docs/images/funnel.png (${pageHref})`);
    }
  } finally {
    await browser.close();
    await session.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return 0;
}

runCommand('screenshots', main);
