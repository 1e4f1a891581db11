// The simulated portal's contents: a year of a Japanese B2B portfolio relative to `now`, with the
// property history HubSpot would hold, so the backend finds real grounds, evidence dates, owners,
// lifecycle dates and, near `now`, deadlines that are about to be missed. Deterministic per seed.
import type { FakeContact, FakeOwner } from '../../bench/fake-hubspot.ts';
import { seededRandom } from '../../bench/fake-hubspot-contacts.ts';
import { ContactBuilder, iso } from './contact-builder.ts';
import { planLiveContacts } from './live-deadlines.ts';
import type { DeadlinePlanner, LiveScenario } from './live-deadlines.ts';
import {
  CHALLENGES,
  CHANNELS,
  COMPANIES,
  FIRST_NAMES,
  JUNIOR_TITLES,
  LAST_NAMES,
  PRODUCT_INTERESTS,
  SENIOR_TITLES,
  VERDICT_NOTES,
} from './portfolio-words.ts';
import type { DemoCompany } from './portfolio-words.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type VerdictKind = 'accepted' | 'rejected' | 'recycled';

/** A verdict the seeding records through the real signed route, as the contact's owner. */
export interface PlannedVerdict {
  readonly contactId: string;
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly note: string;
  readonly ownerId: string;
}

export interface Portfolio {
  readonly contacts: FakeContact[];
  readonly owners: FakeOwner[];
  readonly verdicts: PlannedVerdict[];
  /** Contacts built to meet the definition at `now` (the seeding waits for their qualification). */
  readonly expectedMql: string[];
  readonly live: { readonly contactId: string; readonly scenario: LiveScenario }[];
}

export interface PortfolioOptions {
  readonly now: Date;
  /** Plans deadlines on the definitions' clock, to place the live contacts. */
  readonly planner: DeadlinePlanner;
  readonly count?: number;
  readonly seed?: number;
}

export const DEMO_OWNERS: FakeOwner[] = [
  {
    id: '81000001',
    userId: 6100001,
    email: 'sato.hanako@demo-sales.example.jp',
    firstName: '花子',
    lastName: '佐藤',
  },
  {
    id: '81000002',
    userId: 6100002,
    email: 'suzuki.ichiro@demo-sales.example.jp',
    firstName: '一郎',
    lastName: '鈴木',
  },
  {
    id: '81000003',
    userId: 6100003,
    email: 'takahashi.ken@demo-sales.example.jp',
    firstName: '健',
    lastName: '高橋',
  },
  {
    id: '81000004',
    userId: 6100004,
    email: 'ito.sayaka@demo-sales.example.jp',
    firstName: 'さやか',
    lastName: '伊藤',
  },
];

const REJECTIONS = ['no-budget', 'no-budget', 'not-decision-maker', 'wrong-company-size', 'unreachable'];

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function weighted(random: Random, items: readonly { value: string; weight: number }[]): string {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let left = random() * total;
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item.value;
  }
  return items[0]?.value ?? '';
}

function fits(company: DemoCompany): boolean {
  const target = ['COMPUTER_SOFTWARE', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'MACHINERY'];
  return target.includes(company.industry) && Number.parseInt(company.employees, 10) >= 50;
}

interface Person {
  readonly builder: ContactBuilder;
  readonly company: DemoCompany;
}

/** Name, company, title, channel and shared fields, all set when the contact was created. */
function newPerson(
  random: Random,
  id: string,
  createdAt: number,
  company: DemoCompany,
  senior: boolean,
  promoteBefore: number,
): Person {
  const last = pick(random, LAST_NAMES);
  const first = pick(random, FIRST_NAMES);
  const builder = new ContactBuilder(id, createdAt);
  const form = 'FORM';
  builder
    .set('firstname', first.kanji, createdAt, form)
    .set('lastname', last.kanji, createdAt, form)
    .set('email', `${last.romaji}.${first.romaji}.${id}@${company.domain}`, createdAt, form)
    .set('company', company.name, createdAt, form)
    .set('industry', company.industry, createdAt, 'ENRICHMENT')
    .set('numemployees', company.employees, createdAt, 'ENRICHMENT')
    .set('hs_analytics_source', weighted(random, CHANNELS), createdAt, 'ANALYTICS')
    .set('challenge', pick(random, CHALLENGES), createdAt, form)
    .set('product_interest', pick(random, PRODUCT_INTERESTS), createdAt, form)
    .set('lifecyclestage', 'lead', createdAt, 'CRM_UI')
    .set('hubspotscore', String(5 + Math.floor(random() * 15)), createdAt, 'CALCULATED');
  if (senior && random() < 0.2) {
    // Promoted since the first form: the role condition's evidence is the later change.
    builder.set('jobtitle', pick(random, JUNIOR_TITLES), createdAt, form);
    const promotedAt = createdAt + (0.3 + random() * 0.5) * (promoteBefore - createdAt);
    builder.set('jobtitle', pick(random, SENIOR_TITLES), promotedAt, form);
  } else {
    builder.set('jobtitle', pick(random, senior ? SENIOR_TITLES : JUNIOR_TITLES), createdAt, form);
  }
  return { builder, company };
}

const BEHAVIOURS = ['whitepaper_downloaded_at', 'seminar_attended_at', 'pricing_page_viewed_at'] as const;

/** The qualifying moment: a behaviour at `at`, the score crossing 60 a little before it. */
function qualifyAt(random: Random, builder: ContactBuilder, at: number, now: number): void {
  const created = builder.createdAt;
  const recentEnough = now - at < 28 * DAY;
  const behaviour = recentEnough ? pick(random, BEHAVIOURS) : pick(random, BEHAVIOURS.slice(0, 2));
  builder.set(behaviour, iso(at), at, behaviour === 'seminar_attended_at' ? 'IMPORT' : 'ANALYTICS');
  const crossing = Math.max(created + HOUR, at - random() * 5 * DAY);
  builder.set(
    'hubspotscore',
    String(35 + Math.floor(random() * 20)),
    Math.max(created, crossing - 10 * DAY),
    'CALCULATED',
  );
  builder.set('hubspotscore', String(60 + Math.floor(random() * 35)), Math.min(crossing, at), 'CALCULATED');
  builder.set('lifecyclestage', 'marketingqualifiedlead', at, 'CALCULATED');
}

/** A contact that does not meet the definition now: wrong fit, too cold, or engaged too long ago. */
function nurture(random: Random, builder: ContactBuilder, now: number): void {
  const created = builder.createdAt;
  if (random() < 0.5) {
    const at = created + random() * (now - created);
    builder.set(pick(random, BEHAVIOURS.slice(0, 2)), iso(at), at, 'ANALYTICS');
  }
  const at = created + random() * (now - created);
  builder.set('hubspotscore', String(15 + Math.floor(random() * 40)), at, 'CALCULATED');
}

function handOff(random: Random, builder: ContactBuilder, ownerId: string, at: number, now: number): void {
  builder.set('hubspot_owner_id', ownerId, at, 'CRM_UI');
  builder.set('hs_lead_status', 'IN_PROGRESS', at, 'CRM_UI');
  if (random() < 0.5 && at + 2 * HOUR < now)
    builder.set('hs_lead_status', 'CONNECTED', at + 2 * HOUR, 'CRM_UI');
}

function planVerdict(random: Random, contactId: string, ownerId: string): PlannedVerdict {
  const roll = random();
  const verdict: VerdictKind = roll < 0.45 ? 'accepted' : roll < 0.85 ? 'rejected' : 'recycled';
  const reasonCode =
    verdict === 'accepted'
      ? 'budget-confirmed'
      : verdict === 'recycled'
        ? 'bad-timing'
        : pick(random, REJECTIONS);
  return { contactId, verdict, reasonCode, note: pick(random, VERDICT_NOTES[reasonCode] ?? ['']), ownerId };
}

/** Accepted leads move on in HubSpot's lifecycle: opportunity, sometimes customer. */
function progress(random: Random, builder: ContactBuilder, qualifiedAt: number, now: number): void {
  if (random() > 0.6) return;
  const opportunity = qualifiedAt + (5 + random() * 25) * DAY;
  if (opportunity >= now - HOUR) return;
  builder.set('lifecyclestage', 'opportunity', opportunity, 'CRM_UI');
  builder.set('hs_lifecyclestage_opportunity_date', iso(opportunity), opportunity, 'CALCULATED');
  if (random() > 0.4) return;
  const customer = opportunity + (10 + random() * 30) * DAY;
  if (customer >= now - HOUR) return;
  builder.set('lifecyclestage', 'customer', customer, 'CRM_UI');
  builder.set('hs_lifecyclestage_customer_date', iso(customer), customer, 'CALCULATED');
}

export function generatePortfolio(options: PortfolioOptions): Portfolio {
  const random = seededRandom(options.seed ?? 2026);
  const now = options.now.getTime();
  const count = options.count ?? 320;
  const fitting = COMPANIES.filter(fits);
  const contacts: FakeContact[] = [];
  const verdicts: PlannedVerdict[] = [];
  const expectedMql: string[] = [];
  let nextId = 30101;

  const live = planLiveContacts(options.planner, options.now);
  for (const plan of live) {
    const id = String(nextId++);
    const createdAt = plan.qualifiedAt.getTime() - (3 + random() * 150) * DAY;
    const qualifiedAt = plan.qualifiedAt.getTime();
    const { builder } = newPerson(random, id, createdAt, pick(random, fitting), true, qualifiedAt);
    qualifyAt(random, builder, qualifiedAt, now);
    if (plan.handedOffAt !== null)
      handOff(random, builder, pick(random, DEMO_OWNERS).id, plan.handedOffAt.getTime(), now);
    contacts.push(builder.build());
    expectedMql.push(id);
  }

  for (let index = 0; index < count - live.length; index += 1) {
    const id = String(nextId++);
    // More leads in recent months, as a growing marketing programme has them.
    const createdAt = Math.floor(now - 365 * DAY * (1 - Math.sqrt(random())));
    // Qualified within the behaviours' 90-day window, at least half a day before now.
    const earliest = Math.max(createdAt + 2 * HOUR, now - 85 * DAY);
    const latest = now - 12 * HOUR;
    const mql = random() < 0.38 && earliest < latest;
    const qualifiedAt = Math.floor(earliest + random() * (latest - earliest));
    const company = mql || random() < 0.45 ? pick(random, fitting) : pick(random, COMPANIES);
    const senior = mql || random() < 0.5;
    const { builder } = newPerson(random, id, createdAt, company, senior, mql ? qualifiedAt : now);
    if (!mql) {
      nurture(random, builder, now);
      contacts.push(builder.build());
      continue;
    }
    qualifyAt(random, builder, qualifiedAt, now);
    expectedMql.push(id);
    if (random() < 0.8) {
      const owner = pick(random, DEMO_OWNERS);
      const handedOffAt = Math.min(now - HOUR, qualifiedAt + (0.5 + random() * 40) * HOUR);
      handOff(random, builder, owner.id, handedOffAt, now);
      if (random() < 0.55) {
        const verdict = planVerdict(random, id, owner.id);
        verdicts.push(verdict);
        if (verdict.verdict === 'accepted') progress(random, builder, qualifiedAt, now);
      }
    }
    contacts.push(builder.build());
  }
  return {
    contacts,
    owners: DEMO_OWNERS,
    verdicts,
    expectedMql,
    live: live.map((plan, index) => ({ contactId: String(30101 + index), scenario: plan.scenario })),
  };
}
