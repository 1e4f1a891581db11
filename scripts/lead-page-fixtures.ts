// The Lead page's test fixtures, made the way production makes them: a HubSpot contact evaluated
// against the definitions, its deadlines planned on the business clock, the details field written
// by formatLeadPageDetails, all in the shapes Lightning Data Service hands the component (UI API
// record and picklist values). The LWC tests read these, so the component is tested against what
// the backend writes, not against a hand-made guess of it.
import type { Definitions } from '../src/domain/definitions.ts';
import type { DeadlineTimes } from '../src/domain/deadline-plan.ts';
import { deadlineStatus, planDeadline } from '../src/domain/deadline-plan.ts';
import type { DeadlineSnapshot, LeadPageDetailsInput } from '../src/domain/lead-page-details.ts';
import { formatLeadPageDetails } from '../src/domain/lead-page-details.ts';
import type { MqlContact } from '../src/domain/mql-evaluation.ts';
import { evaluateMql } from '../src/domain/mql-evaluation.ts';
import { createSlaClock } from '../src/domain/sla-clock.ts';
import { leadFieldSpecs } from '../src/connectors/salesforce/metadata/lead-fields.ts';

const LEAD_ID = '00Q5g00000LhDemoEAB';
// The record type id of an org without Lead record types (the "Master" record type).
const MASTER_RECORD_TYPE = '012000000000000AAA';
const USER_ID = '005000000000000000';

const at = (iso: string) => new Date(iso);

// Qualifies on Friday 2026-11-20 10:02:03 JST when its score reaches 72. Monday 11-23 is Labor
// Thanksgiving Day, so the 1-business-day handoff falls due on Tuesday 10:02 JST.
const QUALIFIED_CONTACT: MqlContact = {
  properties: {
    industry: 'COMPUTER_SOFTWARE',
    numemployees: '120',
    jobtitle: '営業部長',
    whitepaper_downloaded_at: '2026-11-18T05:30:00.000Z',
    seminar_attended_at: null,
    pricing_page_viewed_at: null,
    hubspotscore: '72',
    challenge: '営業とマーケの連携が属人的',
    product_interest: 'Lead Handoff Enterprise',
  },
  history: {
    industry: [{ value: 'COMPUTER_SOFTWARE', timestamp: '2026-11-02T01:00:00.000Z' }],
    numemployees: [{ value: '120', timestamp: '2026-10-15T02:00:00.000Z' }],
    jobtitle: [{ value: '営業部長', timestamp: '2026-10-15T02:00:00.000Z' }],
    whitepaper_downloaded_at: [{ value: '2026-11-18T05:30:00.000Z', timestamp: '2026-11-18T05:30:00.000Z' }],
    hubspotscore: [
      { value: '72', timestamp: '2026-11-20T01:02:03.000Z' },
      { value: '45', timestamp: '2026-11-10T01:00:00.000Z' },
    ],
  },
};

const NOT_QUALIFIED_CONTACT: MqlContact = {
  properties: {
    industry: 'RETAIL',
    numemployees: '10-20',
    jobtitle: 'Engineer',
    hubspotscore: '35',
    challenge: null,
    product_interest: null,
  },
  history: {
    industry: [{ value: 'RETAIL', timestamp: '2026-11-05T03:00:00.000Z' }],
    numemployees: [{ value: '10-20', timestamp: '2026-11-05T03:00:00.000Z' }],
    jobtitle: [{ value: 'Engineer', timestamp: '2026-11-05T03:00:00.000Z' }],
    hubspotscore: [{ value: '35', timestamp: '2026-11-12T00:00:00.000Z' }],
  },
};

const NOT_STARTED: DeadlineSnapshot = { status: 'not_started', dueAt: null, warnAt: null, metAt: null };

function snapshot(times: DeadlineTimes | null, now: Date): DeadlineSnapshot {
  if (times === null) return NOT_STARTED;
  return {
    status: deadlineStatus(times, now),
    dueAt: times.dueAt.toISOString(),
    warnAt: times.warnAt.toISOString(),
    metAt: times.metAt?.toISOString() ?? null,
  };
}

function shared(defs: Definitions, contact: MqlContact): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(defs.handoff.share).map(([key, property]) => [key, contact.properties[property] ?? null]),
  );
}

interface Verdict {
  readonly verdict: string;
  readonly reason: string;
  readonly note: string | null;
  readonly decidedAt: string;
  readonly decidedBy: string;
}

type UiField = { displayValue: string | null; value: string | null };

function uiRecord(defs: Definitions, details: string | null, verdict: Verdict | null) {
  const f = defs.salesforce.fields;
  const reasonLabel = defs.reasons.find((r) => r.code === verdict?.reason)?.label ?? null;
  const verdictSpec = leadFieldSpecs(defs).find((s) => s.key === 'verdict');
  const verdictLabel =
    verdictSpec?.type.kind === 'Picklist'
      ? (verdictSpec.type.values.find((v) => v.value === verdict?.verdict)?.label ?? null)
      : null;
  const fields: Record<string, UiField> = {
    [f.handoffDetails]: { displayValue: null, value: details },
    [f.verdict]: { displayValue: verdictLabel, value: verdict?.verdict ?? null },
    [f.reason]: { displayValue: reasonLabel, value: verdict?.reason ?? null },
    [f.note]: { displayValue: null, value: verdict?.note ?? null },
    [f.decidedAt]: { displayValue: null, value: verdict?.decidedAt ?? null },
    [f.decidedBy]: { displayValue: null, value: verdict?.decidedBy ?? null },
  };
  return {
    apiName: 'Lead',
    childRelationships: {},
    eTag: 'e3b0c44298fc1c149afbf4c8996fb924',
    fields,
    id: LEAD_ID,
    lastModifiedById: USER_ID,
    lastModifiedDate: verdict?.decidedAt ?? '2026-11-20T01:03:03.000Z',
    recordTypeId: MASTER_RECORD_TYPE,
    recordTypeInfo: null,
    systemModstamp: verdict?.decidedAt ?? '2026-11-20T01:03:03.000Z',
    weakEtag: 1763600583000,
  };
}

/** getPicklistValues for the reason field: dependent on the verdict field, as deployed. */
function reasonPicklist(defs: Definitions, apiVersion: string) {
  const specs = leadFieldSpecs(defs);
  const verdictSpec = specs.find((s) => s.key === 'verdict');
  const reasonSpec = specs.find((s) => s.key === 'reason');
  if (verdictSpec?.type.kind !== 'Picklist' || reasonSpec?.type.kind !== 'Picklist') {
    throw new Error('verdict and reason must be picklists');
  }
  const controllerValues = Object.fromEntries(verdictSpec.type.values.map((v, i) => [v.value, i]));
  return {
    controllerValues,
    defaultValue: null,
    eTag: '5f1a0c3e9b2d4a6c8e0f1a2b3c4d5e6f',
    url: `/services/data/v${apiVersion}/ui-api/object-info/Lead/picklist-values/${MASTER_RECORD_TYPE}/${reasonSpec.name}`,
    values: reasonSpec.type.values.map((v) => ({
      attributes: null,
      label: v.label,
      validFor: [controllerValues[v.controllingValue ?? ''] ?? -1],
      value: v.value,
    })),
  };
}

/** Every state the Lead page shows, each with the instant the test runs at. */
export function leadPageFixtures(defs: Definitions, apiVersion: string) {
  const clock = createSlaClock(defs.handoff.clock, defs.calendar);
  const handoffDurations = {
    within: defs.handoff.within,
    warnBefore: defs.handoff.warnBefore,
    escalateAfter: defs.handoff.escalateAfter,
  };
  const verdictDurations = { ...handoffDurations, within: defs.handoff.verdictWithin };

  const writtenAt = at('2026-11-20T01:03:03.000Z');
  const evaluation = evaluateMql(defs, QUALIFIED_CONTACT, writtenAt);
  const qualifiedAt = at(evaluation.qualifiedAt ?? '2026-11-20T01:02:03.000Z');
  const handoff = planDeadline(clock, qualifiedAt, handoffDurations);
  const base: Omit<LeadPageDetailsInput, 'handoff' | 'verdictDue'> = {
    definitionVersion: defs.version,
    status: evaluation.status,
    qualifiedAt: evaluation.qualifiedAt,
    grounds: evaluation.grounds,
    shared: shared(defs, QUALIFIED_CONTACT),
  };
  const openDetails = formatLeadPageDetails(
    { ...base, handoff: snapshot(handoff, writtenAt), verdictDue: NOT_STARTED },
    writtenAt,
  );

  // The owner is set on Friday 15:00 JST; the verdict is due two business days later.
  const handedOffAt = at('2026-11-20T06:00:00.000Z');
  const verdictDue = planDeadline(clock, handedOffAt, verdictDurations);
  const decidedAt = '2026-11-24T01:00:00.000Z';
  const decidedDetails = formatLeadPageDetails(
    {
      ...base,
      handoff: snapshot({ ...handoff, metAt: handedOffAt }, at(decidedAt)),
      verdictDue: snapshot({ ...verdictDue, metAt: at(decidedAt) }, at(decidedAt)),
    },
    at(decidedAt),
  );

  const notQualified = evaluateMql(defs, NOT_QUALIFIED_CONTACT, writtenAt);
  const notMqlDetails = formatLeadPageDetails(
    {
      definitionVersion: defs.version,
      status: notQualified.status,
      qualifiedAt: null,
      grounds: notQualified.grounds,
      handoff: NOT_STARTED,
      verdictDue: NOT_STARTED,
      shared: shared(defs, NOT_QUALIFIED_CONTACT),
    },
    writtenAt,
  );

  const accepted = defs.reasons.find((r) => r.verdict === 'accepted');
  const verdict: Verdict = {
    verdict: 'accepted',
    reason: accepted?.code ?? '',
    note: '予算は来期に確保済み。12月に導入判断。',
    decidedAt,
    decidedBy: 'sato@example.co.jp',
  };
  const minutesBefore = (date: Date, minutes: number) => new Date(date.getTime() - minutes * 60_000);
  const minutesAfter = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);
  return {
    leadId: LEAD_ID,
    recordTypeId: MASTER_RECORD_TYPE,
    userId: USER_ID,
    user: {
      apiName: 'User',
      childRelationships: {},
      fields: { Email: { displayValue: null, value: 'sato@example.co.jp' } },
      id: USER_ID,
      recordTypeId: null,
    },
    reasonPicklist: reasonPicklist(defs, apiVersion),
    handoff: { dueAt: handoff.dueAt.toISOString(), warnAt: handoff.warnAt.toISOString() },
    scenarios: {
      notTracked: { now: writtenAt.toISOString(), record: uiRecord(defs, null, null) },
      notMql: { now: writtenAt.toISOString(), record: uiRecord(defs, notMqlDetails, null) },
      onTrack: { now: minutesAfter(writtenAt, 2).toISOString(), record: uiRecord(defs, openDetails, null) },
      // Stored on track at qualification; the page tells due soon and breached from the time.
      dueSoon: {
        now: minutesBefore(handoff.dueAt, 80).toISOString(),
        record: uiRecord(defs, openDetails, null),
      },
      breached: {
        now: minutesAfter(handoff.dueAt, 58).toISOString(),
        record: uiRecord(defs, openDetails, null),
      },
      verdictRecorded: { now: decidedAt, record: uiRecord(defs, decidedDetails, verdict) },
    },
  };
}
