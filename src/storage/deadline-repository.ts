import type { SlaStatus } from '../domain/sla-status.ts';
import type { Queryable } from './queryable.ts';

export type DeadlineKind = 'handoff' | 'verdict';

export interface DeadlineRow {
  readonly portalId: string;
  readonly contactId: string;
  /** The qualification episode the deadline belongs to. */
  readonly episode: number;
  readonly kind: DeadlineKind;
  readonly clock: 'business' | 'calendar';
  readonly startedAt: Date;
  readonly dueAt: Date;
  readonly warnAt: Date;
  readonly escalateAt: Date;
  readonly metAt: Date | null;
  readonly status: SlaStatus;
  readonly definitionHash: string;
  readonly nextCheckAt: Date | null;
}

interface RawDeadline {
  portal_id: string;
  contact_id: string;
  episode: number;
  kind: DeadlineKind;
  clock: 'business' | 'calendar';
  started_at: Date;
  due_at: Date;
  warn_at: Date;
  escalate_at: Date;
  met_at: Date | null;
  status: SlaStatus;
  definition_hash: string;
  next_check_at: Date | null;
}

export const DEADLINE_COLUMNS = `portal_id, contact_id, episode, kind, clock, started_at, due_at, warn_at, escalate_at,
  met_at, status, definition_hash, next_check_at`;

export function toDeadline(row: RawDeadline): DeadlineRow {
  return {
    portalId: row.portal_id,
    contactId: row.contact_id,
    episode: row.episode,
    kind: row.kind,
    clock: row.clock,
    startedAt: row.started_at,
    dueAt: row.due_at,
    warnAt: row.warn_at,
    escalateAt: row.escalate_at,
    metAt: row.met_at,
    status: row.status,
    definitionHash: row.definition_hash,
    nextCheckAt: row.next_check_at,
  };
}

/** Creates the deadline if it does not exist yet; an existing one (open or closed) is left alone. */
export async function insertDeadline(q: Queryable, deadline: DeadlineRow): Promise<boolean> {
  const result = await q.query(
    `INSERT INTO deadlines (${DEADLINE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (portal_id, contact_id, episode, kind) DO NOTHING`,
    deadlineParams(deadline),
  );
  return result.rowCount === 1;
}

export async function saveDeadline(q: Queryable, deadline: DeadlineRow): Promise<void> {
  await q.query(
    `INSERT INTO deadlines (${DEADLINE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (portal_id, contact_id, episode, kind) DO UPDATE SET
       clock = EXCLUDED.clock, started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at,
       warn_at = EXCLUDED.warn_at, escalate_at = EXCLUDED.escalate_at, met_at = EXCLUDED.met_at,
       status = EXCLUDED.status, definition_hash = EXCLUDED.definition_hash,
       next_check_at = EXCLUDED.next_check_at`,
    deadlineParams(deadline),
  );
}

function deadlineParams(d: DeadlineRow): unknown[] {
  return [
    d.portalId,
    d.contactId,
    d.episode,
    d.kind,
    d.clock,
    d.startedAt,
    d.dueAt,
    d.warnAt,
    d.escalateAt,
    d.metAt,
    d.status,
    d.definitionHash,
    d.nextCheckAt,
  ];
}

/** The deadlines of one qualification episode of a contact, by kind. */
export async function findDeadlines(
  q: Queryable,
  portalId: string,
  contactId: string,
  episode: number,
  forUpdate = false,
): Promise<Partial<Record<DeadlineKind, DeadlineRow>>> {
  const { rows } = await q.query<RawDeadline>(
    `SELECT ${DEADLINE_COLUMNS} FROM deadlines
      WHERE portal_id = $1 AND contact_id = $2 AND episode = $3${forUpdate ? ' FOR UPDATE' : ''}`,
    [portalId, contactId, episode],
  );
  const result: Partial<Record<DeadlineKind, DeadlineRow>> = {};
  for (const row of rows) result[row.kind] = toDeadline(row);
  return result;
}

/**
 * Records an open deadline as met, with the contact's owner at that moment (SLA compliance is
 * read by the owner a deadline closed with). False when it was already met.
 */
export async function markDeadlineMet(
  q: Queryable,
  deadline: DeadlineRow,
  metAt: Date,
  status: SlaStatus,
): Promise<boolean> {
  const result = await q.query(
    `UPDATE deadlines d SET met_at = $5, status = $6, next_check_at = NULL,
            met_owner_id = (SELECT c.owner_id FROM contacts c WHERE c.portal_id = d.portal_id AND c.contact_id = d.contact_id)
      WHERE d.portal_id = $1 AND d.contact_id = $2 AND d.episode = $3 AND d.kind = $4 AND d.met_at IS NULL`,
    [deadline.portalId, deadline.contactId, deadline.episode, deadline.kind, metAt, status],
  );
  return result.rowCount === 1;
}
