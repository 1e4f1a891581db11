// Plays the hand-counted funnel fixture through the real services (tracking, verdicts, CRM
// opportunities) on a fake clock, so the marketer views are tested on what the product stores.
import { readFile } from 'node:fs/promises';
import type { Core } from '../../server/runtime.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import { formatIssues, parseDefinitions } from '../../src/domain/definitions.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import { recordDefinitions } from '../../src/services/record-definitions.ts';
import { recordOpportunities } from '../../src/services/record-opportunities.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import type { ContactStages } from '../../src/domain/funnel.ts';
import { stageInstants } from '../../src/domain/funnel.ts';
import { funnelFacts } from '../../src/domain/funnel-properties.ts';
import type { Database } from '../../src/storage/database.ts';
import { findLinkedOpportunities } from '../../src/storage/opportunity-repository.ts';
import type { FixtureContact } from '../fixtures/funnel/q3-contacts.ts';
import { LEGACY_REASON } from '../fixtures/funnel/q3-contacts.ts';
import type { FakeClock } from './harness.ts';
import { PORTAL_ID } from './harness.ts';

const SHIPPED = new URL('../../config/definitions.yaml', import.meta.url);

/** The shipped definitions under another version (and, for `legacy`, with the dropped reason). */
export async function definitionsVariant(version: string, legacy = false): Promise<Definitions> {
  let text = (await readFile(SHIPPED, 'utf8')).replace('version: "2026-11"', `version: "${version}"`);
  if (legacy)
    text = text.replace(
      '    - { code: unreachable, label: 連絡がつかない }',
      `    - { code: unreachable, label: 連絡がつかない }\n    - { code: ${LEGACY_REASON.code}, label: ${LEGACY_REASON.label} }`,
    );
  const parsed = parseDefinitions(text, `definitions-${version}.yaml`);
  if (!parsed.ok) throw new Error(formatIssues(parsed.error));
  return parsed.value;
}

function contactAt(
  fixture: FixtureContact,
  scores: readonly { readonly value: string; readonly at: string }[],
  ownerId: string | null,
): CrmContact {
  const latest = scores[0];
  const properties: Record<string, string | null> = {
    createdate: fixture.createdAt,
    hs_analytics_source: fixture.channel,
    hs_lifecyclestage_opportunity_date: fixture.hubspotOpportunityAt,
    hs_lifecyclestage_customer_date: fixture.hubspotCustomerAt,
    industry: 'COMPUTER_SOFTWARE',
    numemployees: '1000+',
    jobtitle: 'Sales Manager',
    whitepaper_downloaded_at: latest ? latest.at.slice(0, 10) : null,
    hubspotscore: latest?.value ?? '10',
    hubspot_owner_id: ownerId,
  };
  const dated = (value: string) => [{ value, timestamp: fixture.createdAt }];
  return {
    id: fixture.id,
    properties,
    history: {
      industry: dated('COMPUTER_SOFTWARE'),
      numemployees: dated('1000+'),
      jobtitle: dated('Sales Manager'),
      ...(latest
        ? { whitepaper_downloaded_at: [{ value: latest.at.slice(0, 10), timestamp: latest.at }] }
        : {}),
      hubspotscore:
        scores.length > 0 ? scores.map((s) => ({ value: s.value, timestamp: s.at })) : dated('10'),
      ...(ownerId ? { hubspot_owner_id: [{ value: ownerId, timestamp: fixture.createdAt }] } : {}),
    },
    createdAt: fixture.createdAt,
    updatedAt: null,
  };
}

type Step =
  | { readonly at: string; readonly kind: 'qualify'; readonly version: string; readonly episode: number }
  | { readonly at: string; readonly kind: 'verdict'; readonly index: number };

/** Seeds every fixture contact: created, qualified per episode, judged, with its opportunities. */
export async function seedFunnelFixture(
  core: Core,
  clock: FakeClock,
  contacts: readonly FixtureContact[],
): Promise<void> {
  const variants = new Map<string, Definitions>();
  const variant = async (version: string, legacy = false) => {
    const key = `${version}${legacy ? '+legacy' : ''}`;
    let found = variants.get(key);
    if (!found) {
      found = await definitionsVariant(version, legacy);
      await recordDefinitions(core.db, found);
      variants.set(key, found);
    }
    return found;
  };
  for (const fixture of contacts) {
    const scores: { value: string; at: string }[] = [];
    clock.set(fixture.createdAt);
    await trackContact(
      core,
      PORTAL_ID,
      contactAt(fixture, scores, fixture.ownerId),
      new Date(fixture.createdAt),
    );
    const steps: Step[] = [
      ...fixture.qualifications.map((q, i) => ({
        at: q.at,
        kind: 'qualify' as const,
        version: q.version,
        episode: i + 1,
      })),
      ...fixture.verdicts.map((v, index) => ({ at: v.at, kind: 'verdict' as const, index })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const step of steps) {
      clock.set(step.at);
      if (step.kind === 'qualify') {
        scores.unshift({ value: String(70 + step.episode), at: step.at });
        const definitions = await variant(step.version);
        const outcome = await trackContact(
          { ...core, definitions },
          PORTAL_ID,
          contactAt(fixture, scores, fixture.ownerId),
          new Date(step.at),
        );
        if (!outcome.qualified) throw new Error(`${fixture.id} did not qualify at ${step.at}`);
        continue;
      }
      const verdict = fixture.verdicts[step.index];
      if (!verdict) continue;
      const legacy = verdict.reason === LEGACY_REASON.code;
      const outcome = await recordVerdict(
        {
          ...core,
          definitions: legacy ? await variant('2026-07', true) : core.definitions,
          crmAdmin: null,
          onWriteBackQueued: () => undefined,
        },
        {
          portalId: PORTAL_ID,
          contactId: fixture.id,
          verdict: verdict.verdict,
          reasonCode: verdict.reason,
          note: verdict.note ?? null,
          idempotencyKey: null,
          userId: null,
          userEmail: 'rep@example.com',
        },
      );
      if (outcome.kind !== 'recorded') throw new Error(`${fixture.id}: verdict ${outcome.kind}`);
    }
    if (fixture.opportunities.length > 0) {
      await recordOpportunities(
        core,
        PORTAL_ID,
        'salesforce',
        fixture.opportunities.map((o) => ({ ...o, contactId: fixture.id, createdAt: new Date(o.createdAt) })),
      );
    }
  }
}

/**
 * The reference: each contact's stage instants by the domain's rules, from the base tables
 * (contacts, qualifications, verdicts, opportunities), never from contact_stages.
 */
export async function referenceStages(
  db: Database,
  core: Pick<Core, 'definitions'>,
): Promise<ContactStages[]> {
  const { rows } = await db.query<{
    contact_id: string;
    properties: Record<string, string | null>;
    qualifications: { episode: number; qualified_at: string; definition_version: string }[] | null;
    verdicts: { seq: number; verdict: 'accepted' | 'rejected' | 'recycled'; decided_at: string }[] | null;
  }>(
    `SELECT c.contact_id, c.properties,
            (SELECT json_agg(json_build_object('episode', q.episode, 'qualified_at', q.qualified_at,
                    'definition_version', q.definition_version))
               FROM qualifications q WHERE q.portal_id = c.portal_id AND q.contact_id = c.contact_id) AS qualifications,
            (SELECT json_agg(json_build_object('seq', v.seq, 'verdict', v.verdict, 'decided_at', v.decided_at))
               FROM verdicts v WHERE v.portal_id = c.portal_id AND v.contact_id = c.contact_id) AS verdicts
       FROM contacts c WHERE c.portal_id = $1`,
    [PORTAL_ID],
  );
  const opportunities = await findLinkedOpportunities(
    db,
    PORTAL_ID,
    rows.map((r) => r.contact_id),
  );
  return rows.map((row) => {
    const facts = funnelFacts(core.definitions, { properties: row.properties, createdAt: null });
    return stageInstants(
      {
        contactId: row.contact_id,
        createdAt: facts.createdAt ?? null,
        channel: facts.channel ?? null,
        qualifications: (row.qualifications ?? []).map((q) => ({
          episode: q.episode,
          qualifiedAt: new Date(q.qualified_at),
          definitionVersion: q.definition_version,
        })),
        verdicts: (row.verdicts ?? []).map((v) => ({
          seq: v.seq,
          verdict: v.verdict,
          decidedAt: new Date(v.decided_at),
        })),
        hubspotOpportunityAt: facts.hubspotOpportunityAt ?? null,
        hubspotCustomerAt: facts.hubspotCustomerAt ?? null,
        opportunities: opportunities.get(row.contact_id) ?? [],
      },
      core.definitions.timezone,
    );
  });
}
