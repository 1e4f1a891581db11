import type { Definitions, VerdictKind } from '../domain/definitions.ts';
import { deadlineStatus } from '../domain/deadline-plan.ts';
import type { Ground, MqlEvaluation } from '../domain/mql-evaluation.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import type { Database } from '../storage/database.ts';
import type { CardModel, CardVerdict } from './card-model.ts';

export interface CardDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly now: () => Date;
}

/** One contact's row of the card query: the Lead page's details are built from it too. */
export interface CardRow {
  properties: Record<string, string | null>;
  owner_id: string | null;
  evaluation: MqlEvaluation | null;
  episode: number | null;
  definition_version: string | null;
  qualified_at: Date | null;
  grounds: Ground[] | null;
  deadlines:
    | {
        kind: 'handoff' | 'verdict';
        started_at: string;
        due_at: string;
        warn_at: string;
        escalate_at: string;
        met_at: string | null;
      }[]
    | null;
  verdict: {
    id: string;
    verdict: VerdictKind;
    reason_code: string;
    note: string | null;
    decided_at: string;
    decided_by: string | null;
    write_back: CardVerdict['writeBack'];
    write_back_error: string | null;
    episode: number | null;
  } | null;
}

// One round trip: the card is on the rep's screen path, and PGlite serialises queries. The card
// shows the current qualification episode and its deadlines.
export const CARD_QUERY = `
  SELECT c.properties, c.owner_id, c.evaluation, q.episode, q.definition_version, q.qualified_at, q.grounds,
         (SELECT json_agg(json_build_object('kind', d.kind, 'started_at', d.started_at, 'due_at', d.due_at,
                 'warn_at', d.warn_at, 'escalate_at', d.escalate_at, 'met_at', d.met_at))
            FROM deadlines d
           WHERE d.portal_id = c.portal_id AND d.contact_id = c.contact_id AND d.episode = q.episode) AS deadlines,
         (SELECT json_build_object('id', v.id, 'verdict', v.verdict, 'reason_code', v.reason_code, 'note', v.note,
                 'decided_at', v.decided_at, 'decided_by', v.decided_by, 'write_back', v.write_back,
                 'write_back_error', v.write_back_error, 'episode', v.episode)
            FROM verdicts v WHERE v.portal_id = c.portal_id AND v.contact_id = c.contact_id
           ORDER BY v.seq DESC LIMIT 1) AS verdict
    FROM contacts c
    LEFT JOIN LATERAL (SELECT q.episode, q.definition_version, q.qualified_at, q.grounds
                         FROM qualifications q WHERE q.portal_id = c.portal_id AND q.contact_id = c.contact_id
                        ORDER BY q.episode DESC LIMIT 1) q ON true
   WHERE c.portal_id = $1 AND c.contact_id = $2`;

/** The card model for one contact, from our store only (no CRM call); null for an unknown contact. */
export async function buildCardModel(
  deps: CardDeps,
  portalId: string,
  contactId: string,
): Promise<CardModel | null> {
  const { rows } = await deps.db.query<CardRow>(CARD_QUERY, [portalId, contactId], 'card-model');
  const row = rows[0];
  if (!row) return null;
  const { definitions } = deps;
  const now = deps.now();
  const deadline = (kind: 'handoff' | 'verdict') => {
    const times = cardDeadlineTimes(row, kind);
    if (!times) return null;
    return {
      dueAt: times.dueAt.toISOString(),
      status: deadlineStatus(times, now),
      metAt: times.metAt?.toISOString() ?? null,
      // Negative once late: how far past the deadline, on the deadline's clock.
      msLeft:
        times.metAt !== null
          ? null
          : now < times.dueAt
            ? deps.clock.elapsed(now, times.dueAt)
            : -deps.clock.elapsed(times.dueAt, now),
    };
  };
  const handoff = deadline('handoff');
  const verdictDue = deadline('verdict');
  const meetsNow = row.evaluation?.status === 'mql';
  const shared: Record<string, string | null> = {};
  for (const [field, property] of Object.entries(definitions.handoff.share)) {
    shared[field] = row.properties[property] ?? null;
  }
  return {
    contactId,
    definitionVersion: row.definition_version ?? definitions.version,
    mql: {
      status: row.qualified_at !== null ? 'mql' : 'not_mql',
      qualifiedAt: row.qualified_at?.toISOString() ?? null,
      grounds: row.grounds ?? row.evaluation?.grounds ?? [],
      meetsNow,
      episode: row.episode,
    },
    handoff: {
      dueAt: handoff?.dueAt ?? null,
      status: handoff?.status ?? 'not_started',
      handedOffAt: handoff?.metAt ?? null,
      ownerId: row.owner_id,
      businessMsLeft: handoff?.msLeft ?? null,
    },
    verdictDue: {
      dueAt: verdictDue?.dueAt ?? null,
      status: verdictDue?.status ?? 'not_started',
      businessMsLeft: verdictDue?.msLeft ?? null,
    },
    shared,
    verdict:
      row.verdict && !predatesEpisode(row.verdict, row.episode)
        ? toCardVerdict(definitions, row.verdict)
        : null,
    reasons: definitions.reasons.map((reason) => ({
      code: reason.code,
      label: reason.label,
      verdict: reason.verdict,
    })),
  };
}

/** The times of the current episode's deadline of `kind`, as stored; null when it never opened. */
export function cardDeadlineTimes(row: CardRow, kind: 'handoff' | 'verdict') {
  const raw = row.deadlines?.find((d) => d.kind === kind);
  if (!raw) return null;
  return {
    startedAt: new Date(raw.started_at),
    dueAt: new Date(raw.due_at),
    warnAt: new Date(raw.warn_at),
    escalateAt: new Date(raw.escalate_at),
    metAt: raw.met_at === null ? null : new Date(raw.met_at),
  };
}

// A verdict on an earlier episode (or given before the contact qualified) is history: the current
// episode awaits its own.
function predatesEpisode(verdict: NonNullable<CardRow['verdict']>, episode: number | null): boolean {
  return episode !== null && (verdict.episode ?? 0) < episode;
}

function toCardVerdict(definitions: Definitions, raw: NonNullable<CardRow['verdict']>): CardVerdict {
  return {
    id: raw.id,
    verdict: raw.verdict,
    reasonCode: raw.reason_code,
    // A code the current definition no longer lists still shows: as itself.
    reasonLabel:
      definitions.reasons.find((reason) => reason.code === raw.reason_code)?.label ?? raw.reason_code,
    note: raw.note,
    decidedAt: new Date(raw.decided_at).toISOString(),
    decidedBy: raw.decided_by,
    writeBack: raw.write_back,
    writeBackError: raw.write_back_error,
  };
}
