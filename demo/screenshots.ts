// The README's pictures, taken from the preview: what `npm run screenshots` runs, and what the
// demo's browser test runs too, so a change that breaks a picture fails a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { JA } from '../extensions/app/pages/labels-ja.ts';
import type { Browser } from './browser.ts';
import type { DemoSession } from './demo-session.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The App Page entry holding the marketer pages: its uid is its key in the preview's routes. */
export function marketerPagesKey(root = ROOT): string {
  const meta = JSON.parse(readFileSync(join(root, 'extensions/app/pages/pages-hsmeta.json'), 'utf8')) as {
    uid?: unknown;
  };
  if (typeof meta.uid !== 'string' || meta.uid === '') {
    throw new Error('extensions/app/pages/pages-hsmeta.json names no uid');
  }
  return meta.uid;
}

// Wide enough for the card beside the record's two side panels; the funnel narrower, so its
// chart and table still read when the README shows it at half width.
const CARD_VIEWPORT = { width: 1480, height: 1000 };
const FUNNEL_VIEWPORT = { width: 1100, height: 900 };

export interface CardShot {
  readonly file: string;
  readonly contactId: string;
  readonly scenario: string;
}

/** The card on a lead whose verdict is due soon: grounds with evidence dates, deadlines, the form. */
export async function captureCard(browser: Browser, session: DemoSession, file: string): Promise<CardShot> {
  const lead = session.live.find((item) => item.scenario === 'verdict-due-soon') ?? session.live[0];
  if (!lead) throw new Error('the demo placed no live lead');
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize(CARD_VIEWPORT);
    await page.goto(`${session.previewUrl}#/contacts/${lead.contactId}`);
    await page.getByTestId('ground-industry').waitFor();
    await page.getByTestId('portal-value-mql_qualified_at').filter({ hasNotText: '—' }).waitFor();
    await page.screenshot({ path: file, fullPage: true });
    return { file, contactId: lead.contactId, scenario: lead.scenario };
  } finally {
    await page.close();
  }
}

/** The funnel's counts as the page shows them, stage by stage (lead → won). */
export type FunnelRow = readonly number[];

export interface FunnelShot {
  readonly file: string;
  readonly route: string;
  /** The "all groups" row of the table the picture shows. */
  readonly total: FunnelRow;
  readonly groups: number;
}

/**
 * The funnel App Page over the last 12 months, grouped by channel: the real page component
 * asking the real `/api/funnel` about the seeded portfolio. Refuses to save a picture of an
 * empty funnel or of an error.
 */
export async function captureFunnel(
  browser: Browser,
  session: DemoSession,
  file: string,
): Promise<FunnelShot> {
  const route = `#/pages/${marketerPagesKey()}`;
  const words = JA.funnel;
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize(FUNNEL_VIEWPORT);
    await page.goto(`${session.previewUrl}${route}`);
    await page.getByRole('heading', { name: JA.pages.funnel }).waitFor();
    await page.locator('select[name="preset"]').selectOption({ label: JA.window.presets.last12Months });
    await page.locator('select[name="groupBy"]').selectOption({ label: words.groupBys.channel });
    const totalRow = page.getByTestId('funnel-total');
    await totalRow.waitFor();
    // The chart draws its bars once the answer is in; the total row is there at the same render.
    await page.getByTestId('funnel-chart').waitFor();
    const total = await countsOf(page, 'funnel-total');
    const groups = await page.locator('[data-testid^="funnel-group-"]').count();
    if (total.length === 0 || (total[0] ?? 0) === 0) {
      throw new Error(`the funnel page shows no leads (total row: ${total.join(', ')})`);
    }
    if ((await page.getByTestId('error-words').count()) > 0) {
      throw new Error(
        `the funnel page shows an error: ${await page.getByTestId('error-words').textContent()}`,
      );
    }
    await page.screenshot({ path: file, fullPage: true });
    return { file, route, total, groups };
  } finally {
    await page.close();
  }
}

async function countsOf(page: Page, testId: string): Promise<FunnelRow> {
  const cells = await page.getByTestId(testId).locator('td').allTextContents();
  // The first cell names the row; the rest are counts, with the locale's digit grouping.
  return cells.slice(1).map((text) => Number(text.replace(/[^\d]/g, '')));
}
