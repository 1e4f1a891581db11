// Contacts for the fake HubSpot: generated with the properties our definitions read (Japanese job
// titles, HubSpot industry values, employee ranges, behaviour dates), their history, and a
// `lastmodifieddate` spread like a real portal's (steady traffic plus bursts from imports and
// workflows), kept in `lastmodifieddate` order so a range search is a binary search.

export interface FakeHistoryEntry {
  readonly value: string;
  /** ISO instant. */
  readonly timestamp: string;
  readonly sourceType: string;
  readonly sourceId?: string;
}

export interface FakeContact {
  readonly id: string;
  readonly properties: Record<string, string | null>;
  /** Newest first, per property. */
  readonly history: Record<string, FakeHistoryEntry[]>;
  readonly createdAt: number;
  /** `lastmodifieddate` in ms. */
  updatedAt: number;
}

export interface GenerateContactsOptions {
  readonly count: number;
  /** Same seed, same contacts. */
  readonly seed?: number;
  readonly modifiedFrom: Date;
  readonly modifiedTo: Date;
  /** Share of contacts crowded into a few busy hours (imports, workflow runs); default 0.3. */
  readonly burstShare?: number;
  /** Contacts modified in exactly the same millisecond (a bulk update); default none. */
  readonly sameInstant?: { readonly count: number; readonly at: Date };
  readonly firstId?: number;
  /** Owner ids to assign; about a third of contacts have none. */
  readonly ownerIds?: readonly string[];
}

const LAST_NAMES = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
];
const FIRST_NAMES = [
  '翔太',
  '美咲',
  '大輔',
  '陽子',
  '健一',
  '彩',
  '拓也',
  '由美',
  '直樹',
  '真由美',
  '亮',
  '恵',
];
const COMPANIES = [
  '株式会社サクラテック',
  '富士ソリューションズ株式会社',
  '株式会社みらい製作所',
  '東和システム株式会社',
  '株式会社北斗ロジスティクス',
  'ひかり精機株式会社',
  '株式会社アオバ商事',
  'Kumo Analytics K.K.',
];
const JOB_TITLES = [
  '営業部 部長',
  'マーケティング部 課長',
  '情報システム部 マネージャー',
  '代表取締役',
  '営業本部長',
  '主任',
  '担当者',
  'エンジニア',
  '経営企画室 室長',
  'Director of Sales',
  'Marketing Manager',
  'VP Engineering',
  '購買部 係長',
  'インサイドセールス',
];
const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MACHINERY',
  'RETAIL',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'AUTOMOTIVE',
];
const EMPLOYEES = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
const LEAD_STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'UNQUALIFIED'];
const CHALLENGES = [
  '営業とマーケの連携が弱い',
  'リードの質が低い',
  '商談化率を上げたい',
  '属人化した営業プロセス',
];
const INTERESTS = ['MA連携', 'SFA導入', 'データ分析', 'インサイドセールス支援'];
const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead'];

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Modification instants: steady traffic plus a few dense bursts; one group in a single millisecond. */
function modificationTimes(options: GenerateContactsOptions, random: () => number): number[] {
  const from = options.modifiedFrom.getTime();
  const span = options.modifiedTo.getTime() - from;
  const burstCount = Math.round(options.count * (options.burstShare ?? 0.3));
  const bursts = Array.from({ length: 3 }, () => ({ at: from + random() * span * 0.9, width: 3_600_000 }));
  const times: number[] = [];
  const same = options.sameInstant;
  for (let index = 0; index < options.count; index += 1) {
    if (same !== undefined && index < same.count) {
      times.push(same.at.getTime());
    } else if (index < burstCount + (same?.count ?? 0)) {
      const burst = pick(random, bursts);
      times.push(Math.floor(Math.min(from + span - 1, burst.at + random() * Math.min(burst.width, span))));
    } else {
      times.push(Math.floor(from + random() * span));
    }
  }
  return times;
}

function historyOf(
  values: readonly string[],
  from: number,
  to: number,
  random: () => number,
  sourceType: string,
): FakeHistoryEntry[] {
  // Oldest value first in `values`; timestamps rise from `from`; the last one lands on `to`.
  const stamps = values.map((_, index) =>
    index === values.length - 1 ? to : Math.floor(from + ((to - from) * (index + random())) / values.length),
  );
  return values.map((value, index) => ({ value, timestamp: iso(stamps[index] ?? to), sourceType })).reverse();
}

function generateOne(
  id: string,
  modified: number,
  options: GenerateContactsOptions,
  random: () => number,
): FakeContact {
  const created = Math.max(0, modified - Math.floor(random() * 180 * 86_400_000));
  const lastName = pick(random, LAST_NAMES);
  const firstName = pick(random, FIRST_NAMES);
  const stage = Math.floor(random() * LIFECYCLE.length);
  const score = Math.floor(random() * 100);
  const owner = options.ownerIds && random() < 0.66 ? pick(random, options.ownerIds) : null;
  const behaviour = (chance: number): string | null =>
    random() < chance ? iso(Math.floor(created + random() * (modified - created))) : null;
  const title = pick(random, JOB_TITLES);
  const properties: Record<string, string | null> = {
    hs_object_id: id,
    firstname: firstName,
    lastname: lastName,
    email: `user${id}@example.co.jp`,
    company: pick(random, COMPANIES),
    jobtitle: title,
    industry: pick(random, INDUSTRIES),
    numemployees: pick(random, EMPLOYEES),
    hubspotscore: String(score),
    lifecyclestage: LIFECYCLE[stage] ?? 'lead',
    hs_lead_status: pick(random, LEAD_STATUSES),
    hubspot_owner_id: owner,
    whitepaper_downloaded_at: behaviour(0.4),
    seminar_attended_at: behaviour(0.2),
    pricing_page_viewed_at: behaviour(0.3),
    challenge: pick(random, CHALLENGES),
    product_interest: pick(random, INTERESTS),
    createdate: iso(created),
    lastmodifieddate: iso(modified),
  };
  const history: Record<string, FakeHistoryEntry[]> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (value !== null) history[name] = [{ value, timestamp: iso(created), sourceType: 'IMPORT' }];
  }
  history['lifecyclestage'] = historyOf(
    LIFECYCLE.slice(0, stage + 1),
    created,
    modified,
    random,
    'CALCULATED',
  );
  history['hubspotscore'] = historyOf(
    [String(Math.floor(score / 3)), String(score)],
    created,
    modified,
    random,
    'CALCULATED',
  );
  history['jobtitle'] = historyOf(
    random() < 0.2 ? ['担当者', title] : [title],
    created,
    modified,
    random,
    'FORM',
  );
  return { id, properties, history, createdAt: created, updatedAt: modified };
}

export function generateContacts(options: GenerateContactsOptions): FakeContact[] {
  const random = seededRandom(options.seed ?? 1);
  const firstId = options.firstId ?? 1001;
  return modificationTimes(options, random).map((modified, index) =>
    generateOne(String(firstId + index), modified, options, random),
  );
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Orders by `lastmodifieddate`, then id (numeric ids compare by length first). */
export function compareByModified(a: FakeContact, b: FakeContact): number {
  return a.updatedAt - b.updatedAt || compareIds(a.id, b.id);
}

export interface FakeContactStore {
  readonly size: number;
  get(id: string): FakeContact | undefined;
  /** Every contact in `lastmodifieddate` order (do not mutate). */
  all(): readonly FakeContact[];
  /** Contacts with `lastmodifieddate` in [fromMs, toMs), in that order. */
  modifiedBetween(fromMs: number, toMs: number): readonly FakeContact[];
  /** Sets properties as HubSpot does: a history entry each, `lastmodifieddate` moves to `at`. */
  update(
    id: string,
    properties: Readonly<Record<string, string>>,
    at: number,
    sourceType?: string,
  ): FakeContact | undefined;
  /** Marks a contact modified at `at` without changing a value (a workflow touching it). */
  touch(id: string, at: number): FakeContact | undefined;
  remove(id: string): boolean;
}

export function createContactStore(contacts: readonly FakeContact[]): FakeContactStore {
  const byId = new Map(contacts.map((contact) => [contact.id, contact]));
  const sorted = [...byId.values()].sort(compareByModified);

  // First index whose contact is not before `probe` in the store's order.
  const lowerBound = (before: (contact: FakeContact) => boolean): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const contact = sorted[middle];
      if (contact !== undefined && before(contact)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const indexOf = (contact: FakeContact): number =>
    lowerBound((other) => compareByModified(other, contact) < 0);

  const move = (contact: FakeContact, at: number): void => {
    sorted.splice(indexOf(contact), 1);
    contact.updatedAt = at;
    contact.properties['lastmodifieddate'] = iso(at);
    sorted.splice(indexOf(contact), 0, contact);
  };

  return {
    get size() {
      return sorted.length;
    },
    get: (id) => byId.get(id),
    all: () => sorted,
    modifiedBetween(fromMs, toMs) {
      return sorted.slice(
        lowerBound((contact) => contact.updatedAt < fromMs),
        lowerBound((contact) => contact.updatedAt < toMs),
      );
    },
    update(id, properties, at, sourceType = 'INTEGRATION') {
      const contact = byId.get(id);
      if (contact === undefined) return undefined;
      for (const [name, value] of Object.entries(properties)) {
        contact.properties[name] = value === '' ? null : value;
        contact.history[name] = [{ value, timestamp: iso(at), sourceType }, ...(contact.history[name] ?? [])];
      }
      move(contact, at);
      return contact;
    },
    touch(id, at) {
      const contact = byId.get(id);
      if (contact !== undefined) move(contact, at);
      return contact;
    },
    remove(id) {
      const contact = byId.get(id);
      if (contact === undefined) return false;
      sorted.splice(indexOf(contact), 1);
      byId.delete(id);
      return true;
    },
  };
}
