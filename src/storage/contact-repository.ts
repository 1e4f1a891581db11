import type { VerdictKind } from '../domain/definitions.ts';
import type { Ground, MqlEvaluation } from '../domain/mql-evaluation.ts';
import type { Queryable } from './queryable.ts';

export interface ContactRow {
  readonly portalId: string;
  readonly contactId: string;
  readonly properties: Record<string, string | null>;
  readonly history: Record<string, { value: string; timestamp: string }[]>;
  readonly ownerId: string | null;
  readonly crmUpdatedAt: string | null;
}

export interface QualificationRow {
  /** 1 for the first qualification, then one more each time the contact qualifies anew. */
  readonly episode: number;
  readonly definitionVersion: string;
  readonly definitionHash: string;
  readonly qualifiedAt: Date;
  readonly grounds: readonly Ground[];
}

/** Stores what we know of a contact; later events merge over earlier ones property by property. */
export async function upsertContact(
  q: Queryable,
  row: ContactRow,
  evaluation: MqlEvaluation,
  definitionHash: string,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO contacts (portal_id, contact_id, properties, history, owner_id, crm_updated_at,
                           evaluation, evaluated_at, definition_hash, synced_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET
       properties = EXCLUDED.properties, history = EXCLUDED.history, owner_id = EXCLUDED.owner_id,
       crm_updated_at = EXCLUDED.crm_updated_at, evaluation = EXCLUDED.evaluation,
       evaluated_at = EXCLUDED.evaluated_at, definition_hash = EXCLUDED.definition_hash,
       synced_at = EXCLUDED.synced_at`,
    [
      row.portalId,
      row.contactId,
      JSON.stringify(row.properties),
      JSON.stringify(row.history),
      row.ownerId,
      row.crmUpdatedAt,
      JSON.stringify(evaluation),
      now,
      definitionHash,
    ],
  );
}

export async function findContact(
  q: Queryable,
  portalId: string,
  contactId: string,
): Promise<ContactRow | null> {
  const { rows } = await q.query<{
    properties: Record<string, string | null>;
    history: Record<string, { value: string; timestamp: string }[]>;
    owner_id: string | null;
    crm_updated_at: Date | null;
  }>(
    `SELECT properties, history, owner_id, crm_updated_at FROM contacts WHERE portal_id = $1 AND contact_id = $2`,
    [portalId, contactId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    portalId,
    contactId,
    properties: row.properties,
    history: row.history,
    ownerId: row.owner_id,
    crmUpdatedAt: row.crm_updated_at?.toISOString() ?? null,
  };
}

/** Inserts the qualification episode unless it exists: each episode is frozen for good. */
export async function insertQualification(
  q: Queryable,
  portalId: string,
  contactId: string,
  qualification: QualificationRow,
): Promise<boolean> {
  const result = await q.query(
    `INSERT INTO qualifications (portal_id, contact_id, episode, definition_version, definition_hash, qualified_at, grounds)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (portal_id, contact_id, episode) DO NOTHING`,
    [
      portalId,
      contactId,
      qualification.episode,
      qualification.definitionVersion,
      qualification.definitionHash,
      qualification.qualifiedAt,
      JSON.stringify(qualification.grounds),
    ],
  );
  return result.rowCount === 1;
}

interface RawQualification {
  episode: number;
  definition_version: string;
  definition_hash: string;
  qualified_at: Date;
  grounds: Ground[];
}

function toQualification(row: RawQualification): QualificationRow {
  return {
    episode: row.episode,
    definitionVersion: row.definition_version,
    definitionHash: row.definition_hash,
    qualifiedAt: row.qualified_at,
    grounds: row.grounds,
  };
}

/** The current qualification: the contact's latest episode. */
export async function findQualification(
  q: Queryable,
  portalId: string,
  contactId: string,
): Promise<QualificationRow | null> {
  const { rows } = await q.query<RawQualification>(
    `SELECT episode, definition_version, definition_hash, qualified_at, grounds
       FROM qualifications WHERE portal_id = $1 AND contact_id = $2 ORDER BY episode DESC LIMIT 1`,
    [portalId, contactId],
  );
  const row = rows[0];
  return row ? toQualification(row) : null;
}

/** The number of the contact's current qualification episode; null when it never qualified. */
export async function findCurrentEpisode(
  q: Queryable,
  portalId: string,
  contactId: string,
): Promise<number | null> {
  const { rows } = await q.query<{ episode: number | null }>(
    'SELECT max(episode) AS episode FROM qualifications WHERE portal_id = $1 AND contact_id = $2',
    [portalId, contactId],
  );
  return rows[0]?.episode ?? null;
}

/** The latest verdict as re-qualification reads it. */
export interface LatestVerdict {
  readonly verdict: VerdictKind;
  readonly decidedAt: Date;
  /** The episode it judged; null when the contact was not qualified then. */
  readonly episode: number | null;
}

/** The current qualification and the latest verdict, in one round trip. */
export async function findEpisodeState(
  q: Queryable,
  portalId: string,
  contactId: string,
): Promise<{
  readonly qualification: QualificationRow | null;
  readonly latestVerdict: LatestVerdict | null;
}> {
  const { rows } = await q.query<{
    qualification: (Omit<RawQualification, 'qualified_at'> & { qualified_at: string }) | null;
    verdict: { verdict: VerdictKind; decided_at: string; episode: number | null } | null;
  }>(
    `SELECT (SELECT json_build_object('episode', episode, 'definition_version', definition_version,
                    'definition_hash', definition_hash, 'qualified_at', qualified_at, 'grounds', grounds)
               FROM qualifications WHERE portal_id = $1 AND contact_id = $2
              ORDER BY episode DESC LIMIT 1) AS qualification,
            (SELECT json_build_object('verdict', verdict, 'decided_at', decided_at, 'episode', episode)
               FROM verdicts WHERE portal_id = $1 AND contact_id = $2
              ORDER BY seq DESC LIMIT 1) AS verdict`,
    [portalId, contactId],
  );
  const row = rows[0];
  const qualification = row?.qualification ?? null;
  const verdict = row?.verdict ?? null;
  return {
    qualification: qualification
      ? toQualification({ ...qualification, qualified_at: new Date(qualification.qualified_at) })
      : null,
    latestVerdict: verdict
      ? { verdict: verdict.verdict, decidedAt: new Date(verdict.decided_at), episode: verdict.episode }
      : null,
  };
}
