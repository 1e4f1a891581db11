import { describe, expect, it } from 'vitest';
import { deadlinePlanner } from '../../demo/demo-planner.ts';
import { generatePortfolio } from '../../demo/portal/portfolio.ts';
import type { LiveScenario } from '../../demo/portal/live-deadlines.ts';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import { evaluateMql } from '../../src/domain/mql-evaluation.ts';

async function definitions(): Promise<Definitions> {
  const loaded = await loadDefinitionsFile('config/definitions.yaml');
  if (!loaded.ok) throw new Error('the shipped definitions are invalid');
  return loaded.value;
}

// Tuesday 11:00 in Tokyo (business hours), Saturday 22:00 in Tokyo, Monday 17:58 in Tokyo.
const TUESDAY_MORNING = new Date('2026-11-24T02:00:00.000Z');
const SATURDAY_NIGHT = new Date('2026-11-28T13:00:00.000Z');
const MONDAY_CLOSING = new Date('2026-11-30T08:58:00.000Z');

const DAY = 86_400_000;

describe('the demo portfolio', () => {
  it('is a few hundred contacts across every channel and the last twelve months, with history', async () => {
    const defs = await definitions();
    const portfolio = generatePortfolio({ now: TUESDAY_MORNING, planner: deadlinePlanner(defs) });
    expect(portfolio.contacts.length).toBeGreaterThanOrEqual(250);
    const channels = new Set(portfolio.contacts.map((contact) => contact.properties['hs_analytics_source']));
    expect([...channels].sort()).toEqual(
      [
        'DIRECT_TRAFFIC',
        'EMAIL_MARKETING',
        'OFFLINE',
        'ORGANIC_SEARCH',
        'PAID_SEARCH',
        'REFERRALS',
        'SOCIAL_MEDIA',
      ].sort(),
    );
    const months = new Set(
      portfolio.contacts.map((contact) => new Date(contact.createdAt).toISOString().slice(0, 7)),
    );
    expect(months.size).toBeGreaterThanOrEqual(12);
    for (const contact of portfolio.contacts) {
      expect(contact.createdAt).toBeGreaterThan(TUESDAY_MORNING.getTime() - 366 * DAY);
      for (const entries of Object.values(contact.history)) {
        for (const entry of entries)
          expect(Date.parse(entry.timestamp)).toBeLessThanOrEqual(TUESDAY_MORNING.getTime());
      }
    }
    const titles = portfolio.contacts.map((contact) => contact.properties['jobtitle'] ?? '');
    for (const word of ['部長', '課長', 'マネージャー', '担当'])
      expect(titles.some((title) => title.includes(word))).toBe(true);
    expect(
      portfolio.contacts.every((contact) =>
        /^[\p{Script=Han}\p{Script=Hiragana}]+$/u.test(contact.properties['lastname'] ?? ''),
      ),
    ).toBe(true);
    const owned = portfolio.contacts.filter(
      (contact) => contact.properties['hubspot_owner_id'] !== undefined,
    );
    expect(owned.length).toBeGreaterThan(50);
    expect(
      portfolio.contacts.some((contact) => contact.properties['hs_lifecyclestage_opportunity_date']),
    ).toBe(true);
    expect(portfolio.contacts.some((contact) => contact.properties['hs_lifecyclestage_customer_date'])).toBe(
      true,
    );
  });

  it('qualifies exactly the contacts it says, on the shipped definitions', async () => {
    const defs = await definitions();
    for (const now of [TUESDAY_MORNING, SATURDAY_NIGHT, MONDAY_CLOSING]) {
      const portfolio = generatePortfolio({ now, planner: deadlinePlanner(defs) });
      const mql = portfolio.contacts.filter((contact) => evaluateMql(defs, contact, now).status === 'mql');
      expect(mql.map((contact) => contact.id).sort()).toEqual([...portfolio.expectedMql].sort());
      expect(mql.length / portfolio.contacts.length).toBeGreaterThan(0.25);
      expect(mql.length / portfolio.contacts.length).toBeLessThan(0.6);
    }
  });

  it('plans verdicts with the definition reasons, as the owner of each lead', async () => {
    const defs = await definitions();
    const portfolio = generatePortfolio({ now: TUESDAY_MORNING, planner: deadlinePlanner(defs) });
    expect(portfolio.verdicts.length).toBeGreaterThan(20);
    expect(new Set(portfolio.verdicts.map((verdict) => verdict.verdict))).toEqual(
      new Set(['accepted', 'rejected', 'recycled']),
    );
    for (const verdict of portfolio.verdicts) {
      const reasons = defs.reasons
        .filter((reason) => reason.verdict === verdict.verdict)
        .map((reason) => reason.code);
      expect(reasons).toContain(verdict.reasonCode);
      const contact = portfolio.contacts.find((candidate) => candidate.id === verdict.contactId);
      expect(contact?.properties['hubspot_owner_id']).toBe(verdict.ownerId);
      expect(portfolio.expectedMql).toContain(verdict.contactId);
    }
  });

  it('places the live leads so their deadlines are due soon or just breached, at any hour', async () => {
    const defs = await definitions();
    const planner = deadlinePlanner(defs);
    for (const now of [TUESDAY_MORNING, SATURDAY_NIGHT, MONDAY_CLOSING]) {
      const portfolio = generatePortfolio({ now, planner });
      const scenarios = new Set<LiveScenario>(portfolio.live.map((item) => item.scenario));
      for (const wanted of [
        'handoff-due-soon',
        'handoff-breached',
        'verdict-due-soon',
        'verdict-breached',
        'just-qualified',
      ] as const)
        expect(scenarios.has(wanted), `${wanted} at ${now.toISOString()}`).toBe(true);
      for (const { contactId, scenario } of portfolio.live) {
        const contact = portfolio.contacts.find((candidate) => candidate.id === contactId);
        if (!contact) throw new Error(`no contact ${contactId}`);
        const evaluation = evaluateMql(defs, contact, now);
        expect(evaluation.status).toBe('mql');
        // The backend's own rule: the handoff clock starts when the contact qualified.
        const qualifiedAt = new Date(evaluation.qualifiedAt ?? '');
        const ownerSince = contact.history['hubspot_owner_id']?.[0]?.timestamp;
        const times = scenario.startsWith('verdict')
          ? planner('verdict', new Date(ownerSince ?? ''))
          : planner('handoff', qualifiedAt);
        const t = now.getTime();
        if (scenario.endsWith('due-soon')) {
          expect(times.warnAt.getTime()).toBeLessThanOrEqual(t);
          expect(times.dueAt.getTime()).toBeGreaterThan(t);
        } else if (scenario.endsWith('breached')) {
          expect(times.dueAt.getTime()).toBeLessThanOrEqual(t);
          expect(times.escalateAt.getTime()).toBeGreaterThan(t);
        } else if (scenario === 'handoff-breaches-in-minutes') {
          expect(times.dueAt.getTime() - t).toBeGreaterThan(60_000);
          expect(times.dueAt.getTime() - t).toBeLessThanOrEqual(5 * 60_000);
        }
      }
    }
  });

  it('adds a deadline that passes within minutes only while the business clock is about to run out', async () => {
    const defs = await definitions();
    const scenarios = (now: Date) =>
      generatePortfolio({ now, planner: deadlinePlanner(defs) }).live.map((item) => item.scenario);
    expect(scenarios(MONDAY_CLOSING)).toContain('handoff-breaches-in-minutes');
    expect(scenarios(SATURDAY_NIGHT)).not.toContain('handoff-breaches-in-minutes');
  });

  it('is the same portfolio for the same instant and seed', async () => {
    const defs = await definitions();
    const a = generatePortfolio({ now: TUESDAY_MORNING, planner: deadlinePlanner(defs) });
    const b = generatePortfolio({ now: TUESDAY_MORNING, planner: deadlinePlanner(defs) });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
