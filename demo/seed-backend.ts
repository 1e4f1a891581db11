// Loads the simulated portal into the backend the way a real install gets its contacts, then
// records the portfolio's verdicts through the signed verdict route, as the reps would from the
// card. Only the backend's public HTTP surface is used; nothing is written to its database.
import type { FakeContact, FakeOwner } from '../bench/fake-hubspot.ts';
import type { PlannedVerdict } from './portal/portfolio.ts';
import { sendSigned } from './signed-request.ts';

export interface SeedOptions {
  readonly backendUrl: string;
  readonly portalUrl: string;
  readonly clientSecret: string;
  readonly portalId: string;
  readonly appId: string;
  readonly contacts: readonly FakeContact[];
  readonly owners: readonly FakeOwner[];
  readonly expectedMql: readonly string[];
  readonly verdicts: readonly PlannedVerdict[];
  readonly log: (line: string) => void;
  readonly timeoutMs?: number;
}

export interface SeedReport {
  readonly loadedBy: 'install-backfill' | 'webhooks';
  readonly webhookEvents: number;
  readonly qualified: number;
  readonly verdicts: number;
}

// HubSpot delivers at most 100 events per webhook request.
const EVENTS_PER_REQUEST = 100;
const SUBSCRIPTION_CREATION = 5_100_001;
const SUBSCRIPTION_PROPERTY_CHANGE = 5_100_002;

/**
 * One webhook event per contact, as HubSpot would have sent it for the contact's latest change
 * (its creation when nothing changed since): the backend reads the contact with its full history
 * on any event, so older events would only repeat the same read. In the order they happened.
 */
export function webhookEventsFor(
  contacts: readonly FakeContact[],
  portalId: string,
  appId: string,
): object[] {
  const events: { occurredAt: number; event: object }[] = [];
  for (const [index, contact] of contacts.entries()) {
    const base = {
      eventId: index + 1,
      portalId: Number(portalId),
      appId: Number(appId),
      objectId: Number(contact.id),
      attemptNumber: 0,
    };
    let latest: { propertyName: string; value: string; at: number; source: string } | null = null;
    for (const [propertyName, history] of Object.entries(contact.history)) {
      const entry = history[0];
      const at = entry ? Date.parse(entry.timestamp) : 0;
      if (entry && at > contact.createdAt && (latest === null || at > latest.at))
        latest = { propertyName, value: entry.value, at, source: entry.sourceType };
    }
    events.push(
      latest === null
        ? {
            occurredAt: contact.createdAt,
            event: {
              ...base,
              subscriptionId: SUBSCRIPTION_CREATION,
              subscriptionType: 'contact.creation',
              occurredAt: contact.createdAt,
              changeFlag: 'NEW',
              changeSource: 'CRM',
            },
          }
        : {
            occurredAt: latest.at,
            event: {
              ...base,
              subscriptionId: SUBSCRIPTION_PROPERTY_CHANGE,
              subscriptionType: 'contact.propertyChange',
              occurredAt: latest.at,
              propertyName: latest.propertyName,
              propertyValue: latest.value,
              changeSource: latest.source,
            },
          },
    );
  }
  return events.sort((a, b) => a.occurredAt - b.occurredAt).map((item) => item.event);
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function json(url: string): Promise<unknown> {
  const response = await fetch(url);
  return response.json();
}

/** Contacts whose `property` the portal holds (written back by the backend). */
async function portalHolding(portalUrl: string, ids: readonly string[], property: string): Promise<number> {
  const body = (await json(`${portalUrl}/_portal/contacts`)) as {
    contacts: { id: string; mqlQualifiedAt: string | null; sqlVerdict: string | null }[];
  };
  const wanted = new Set(ids);
  return body.contacts.filter(
    (contact) =>
      wanted.has(contact.id) &&
      (property === 'sql_verdict' ? contact.sqlVerdict : contact.mqlQualifiedAt) !== null,
  ).length;
}

export async function seedBackend(options: SeedOptions): Promise<SeedReport> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const readyz = (await json(`${options.backendUrl}/readyz`)) as { backfill?: { state?: string } };
  let loadedBy: SeedReport['loadedBy'] = 'webhooks';
  let webhookEvents = 0;
  if (readyz.backfill !== undefined) {
    // The backend loads a new portal's contacts by itself (the install backfill): wait for it.
    loadedBy = 'install-backfill';
    options.log(
      `the backend is loading the portal's ${options.contacts.length} contacts (install backfill)…`,
    );
    await waitFor('the install backfill', timeoutMs, async () => {
      const body = (await json(`${options.backendUrl}/readyz`)) as { backfill?: { state?: string } };
      if (body.backfill?.state === 'failed')
        throw new Error('the install backfill failed: see the backend log');
      return body.backfill?.state === 'done' ? true : null;
    });
  } else {
    const events = webhookEventsFor(options.contacts, options.portalId, options.appId);
    options.log(`sending ${events.length} signed webhook events for ${options.contacts.length} contacts…`);
    for (let start = 0; start < events.length; start += EVENTS_PER_REQUEST) {
      const response = await sendSigned({
        method: 'POST',
        url: `${options.backendUrl}/webhooks/hubspot`,
        body: events.slice(start, start + EVENTS_PER_REQUEST),
        clientSecret: options.clientSecret,
      });
      if (response.status !== 200)
        throw new Error(`webhook delivery answered ${response.status}: ${await response.text()}`);
    }
    webhookEvents = events.length;
  }
  await waitFor('the qualifications to reach the portal', timeoutMs, async () =>
    (await portalHolding(options.portalUrl, options.expectedMql, 'mql_qualified_at')) >=
    options.expectedMql.length
      ? true
      : null,
  );
  options.log(
    `${options.expectedMql.length} MQLs qualified and written back; recording ${options.verdicts.length} verdicts as the reps…`,
  );
  for (const planned of options.verdicts) {
    const owner = options.owners.find((candidate) => candidate.id === planned.ownerId);
    if (!owner) throw new Error(`no owner ${planned.ownerId}`);
    const response = await sendSigned({
      method: 'POST',
      url: `${options.backendUrl}/api/verdicts`,
      clientSecret: options.clientSecret,
      identity: {
        portalId: options.portalId,
        userId: String(owner.userId),
        userEmail: owner.email,
        appId: options.appId,
      },
      body: {
        contactId: planned.contactId,
        verdict: planned.verdict,
        reasonCode: planned.reasonCode,
        note: planned.note,
        idempotencyKey: `demo-seed-${planned.contactId}`,
      },
    });
    if (response.status !== 201)
      throw new Error(
        `verdict on ${planned.contactId} answered ${response.status}: ${await response.text()}`,
      );
  }
  const ids = options.verdicts.map((verdict) => verdict.contactId);
  await waitFor('the verdicts to reach the portal', timeoutMs, async () =>
    (await portalHolding(options.portalUrl, ids, 'sql_verdict')) >= ids.length ? true : null,
  );
  return {
    loadedBy,
    webhookEvents,
    qualified: options.expectedMql.length,
    verdicts: options.verdicts.length,
  };
}
