// `npm run salesforce:screenshot`: the picture of the Lead page in docs/salesforce.md. It renders
// the leadHandoff component from its test fixtures with the LWC Jest tooling (jsdom), turns that
// DOM into plain HTML (base components drawn as their SLDS blueprint, an SLDS-like stylesheet), and
// photographs it in headless Chromium. What it shows is the component's real output for the
// fixtures; the look of Salesforce around it is approximated. Needs Chromium (Debian: apt-get
// install chromium); CHROMIUM_PATH overrides /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runCommand } from './run-command.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SALESFORCE = join(ROOT, 'salesforce');
const OUTPUT = join(ROOT, 'docs/images/salesforce-lead-page.png');
// The flags this kind of machine (containers, CI) needs for a headless Chromium.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const STATES = [
  {
    file: 'en-due-soon',
    caption: 'English, America/Los_Angeles: MQL, handoff due soon, verdict being entered',
  },
  { file: 'ja-verdict-recorded', caption: '日本語, Asia/Tokyo: 判定記録済み (both deadlines met)' },
];

function renderStates(dir: string): void {
  // jest's exports map hides its bin; find it next to its package.json, as sfdx-lwc-jest does.
  const jest = join(dirname(createRequire(import.meta.url).resolve('jest/package.json')), 'bin/jest.js');
  const run = spawnSync(process.execPath, [jest, '--config', 'jest/screenshot/jest.config.cjs'], {
    cwd: SALESFORCE,
    env: { ...process.env, LEAD_PAGE_RENDER_DIR: dir },
    stdio: 'inherit',
  });
  if (run.status !== 0)
    throw new Error(`rendering the component states failed (jest exit ${String(run.status)})`);
}

async function page(dir: string): Promise<string> {
  const css = [
    await readFile(join(SALESFORCE, 'jest/screenshot/slds-lite.css'), 'utf8'),
    await readFile(join(SALESFORCE, 'lwc/leadHandoff/leadHandoff.css'), 'utf8'),
  ].join('\n');
  const columns = await Promise.all(
    STATES.map(
      async (s) =>
        `<section><p class="column-caption">${s.caption}</p>${await readFile(join(dir, `${s.file}.html`), 'utf8')}</section>`,
    ),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>
<div class="page-header"><span class="lh-icon"><svg viewBox="0 0 24 24" width="20" height="20"><circle cx="12" cy="8" r="4" fill="#fff"/><path d="M4 20c0-4 4-6 8-6s8 2 8 6z" fill="#fff"/></svg></span><div><p class="kind">Lead</p><h1>佐藤 花子 · 株式会社サンプル</h1></div></div>
<div class="columns">${columns.join('')}</div>
<p class="caption">Rendered from the component's Jest fixtures (sfdx-lwc-jest, jsdom), not in a Salesforce org: the component's own markup, with base components drawn as SLDS blueprints and an SLDS-like stylesheet. The fixture instants are 80 minutes before the handoff deadline (left) and the verdict's save time (right).</p>
</body></html>`;
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'lead-page-'));
  renderStates(dir);
  const html = await page(dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
    await tab.setContent(html, { waitUntil: 'load' });
    await mkdir(dirname(OUTPUT), { recursive: true });
    await tab.screenshot({ path: OUTPUT, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`wrote ${OUTPUT}\n`);
  return 0;
}

if (import.meta.main) runCommand('salesforce:screenshot', main);
