import type { VerdictKind } from '../domain/definitions.ts';
import type { Queryable } from './queryable.ts';

export type WriteBackState = 'pending' | 'written' | 'failed' | 'superseded';

export interface VerdictRow {
  readonly id: string;
  readonly seq: number;
  readonly portalId: string;
  readonly contactId: string;
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly note: string | null;
  readonly decidedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedByUserId: string | null;
  readonly ownerId: string | null;
  readonly definitionHash: string;
  /** The qualification episode it judged; null when the contact was not qualified. */
  readonly episode: number | null;
  readonly idempotencyKey: string | null;
  readonly writeBack: WriteBackState;
  readonly writeBackError: string | null;
}

interface RawVerdict {
  id: string;
  seq: number;
  portal_id: string;
  contact_id: string;
  verdict: VerdictKind;
  reason_code: string;
  note: string | null;
  decided_at: Date;
  decided_by: string | null;
  decided_by_user_id: string | null;
  owner_id: string | null;
  definition_hash: string;
  episode: number | null;
  idempotency_key: string | null;
  write_back: WriteBackState;
  write_back_error: string | null;
}

const COLUMNS = `id, seq, portal_id, contact_id, verdict, reason_code, note, decided_at, decided_by,
  decided_by_user_id, owner_id, definition_hash, episode, idempotency_key, write_back, write_back_error`;

function toVerdict(row: RawVerdict): VerdictRow {
  return {
    id: row.id,
    seq: row.seq,
    portalId: row.portal_id,
    contactId: row.contact_id,
    verdict: row.verdict,
    reasonCode: row.reason_code,
    note: row.note,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decidedByUserId: row.decided_by_user_id,
    ownerId: row.owner_id,
    definitionHash: row.definition_hash,
    episode: row.episode,
    idempotencyKey: row.idempotency_key,
    writeBack: row.write_back,
    writeBackError: row.write_back_error,
  };
}

export type NewVerdict = Omit<VerdictRow, 'seq' | 'writeBack' | 'writeBackError'>;

/** Inserts the verdict; null when a verdict with the same idempotency key already exists. */
export async function insertVerdict(q: Queryable, verdict: NewVerdict): Promise<VerdictRow | null> {
  const { rows } = await q.query<RawVerdict>(
    `INSERT INTO verdicts (id, portal_id, contact_id, verdict, reason_code, note, decided_at, decided_by,
                           decided_by_user_id, owner_id, definition_hash, idempotency_key, episode)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (portal_id, idempotency_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      verdict.id,
      verdict.portalId,
      verdict.contactId,
      verdict.verdict,
      verdict.reasonCode,
      verdict.note,
      verdict.decidedAt,
      verdict.decidedBy,
      verdict.decidedByUserId,
      verdict.ownerId,
      verdict.definitionHash,
      verdict.idempotencyKey,
      verdict.episode,
    ],
  );
  const row = rows[0];
  return row ? toVerdict(row) : null;
}

export async function findVerdictByKey(
  q: Queryable,
  portalId: string,
  key: string,
): Promise<VerdictRow | null> {
  const { rows } = await q.query<RawVerdict>(
    `SELECT ${COLUMNS} FROM verdicts WHERE portal_id = $1 AND idempotency_key = $2`,
    [portalId, key],
  );
  const row = rows[0];
  return row ? toVerdict(row) : null;
}

export async function findLatestVerdict(
  q: Queryable,
  portalId: string,
  contactId: string,
): Promise<VerdictRow | null> {
  const { rows } = await q.query<RawVerdict>(
    `SELECT ${COLUMNS} FROM verdicts WHERE portal_id = $1 AND contact_id = $2 ORDER BY seq DESC LIMIT 1`,
    [portalId, contactId],
  );
  const row = rows[0];
  return row ? toVerdict(row) : null;
}

/** Older verdicts of the contact will never be written: the newer one replaces them in the CRM. */
export async function supersedeOlderVerdicts(q: Queryable, latest: VerdictRow): Promise<void> {
  await q.query(
    `UPDATE verdicts SET write_back = 'superseded'
      WHERE portal_id = $1 AND contact_id = $2 AND seq < $3 AND write_back = 'pending'`,
    [latest.portalId, latest.contactId, latest.seq],
  );
}
