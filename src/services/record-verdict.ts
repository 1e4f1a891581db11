import { randomUUID } from 'node:crypto';
import type { Definitions, VerdictKind } from '../domain/definitions.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { CrmAdmin } from '../ports/crm-admin.ts';
import type { ConnectorError } from '../domain/connector-error.ts';
import { findContact, findCurrentEpisode } from '../storage/contact-repository.ts';
import { saveCurrentVerdict } from '../storage/contact-stages-repository.ts';
import type { Database } from '../storage/database.ts';
import { findDeadlines } from '../storage/deadline-repository.ts';
import type { DeadlineKind, DeadlineRow } from '../storage/deadline-repository.ts';
import type { Queryable } from '../storage/queryable.ts';
import { findVerdictByKey, insertVerdict, supersedeOlderVerdicts } from '../storage/verdict-repository.ts';
import type { VerdictRow } from '../storage/verdict-repository.ts';
import { DEFAULT_WRITE_BACK_TARGETS } from '../storage/write-back-outbox.ts';
import type { WriteBackTarget } from '../storage/write-back-outbox.ts';
import { closeDeadline, currentStatus } from './deadlines.ts';
import type { ContactFirstView } from './ensure-contact-tracked.ts';
import { enqueueContactChange } from './lead-page-change.ts';
import { resolveOwner } from './resolve-owner.ts';

export interface RecordVerdictDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly crmAdmin: CrmAdmin | null;
  /** Wakes the write-back worker so the verdict reaches HubSpot without waiting for its next poll. */
  readonly onWriteBackQueued: () => void;
  /** Reads a contact the store has not seen from the CRM (first view); absent: unseen is not found. */
  readonly firstView?: ContactFirstView | undefined;
  /** The CRMs each verdict is written to (default: HubSpot). */
  readonly writeBackTargets?: readonly WriteBackTarget[];
}

export interface VerdictCommand {
  readonly portalId: string;
  readonly contactId: string;
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly note: string | null;
  readonly idempotencyKey: string | null;
  readonly userId: string | null;
  readonly userEmail: string | null;
  /** When it was decided (default: now, when recorded). */
  readonly decidedAt?: Date;
  /**
   * The CRM the verdict was made in (default: none, the card). It is not written back there (only
   * the SLA status is), and a verdict of ours still pending for it is dropped: the rep's is newer.
   */
  readonly madeIn?: WriteBackTarget;
}

export type RecordVerdictOutcome =
  | { readonly kind: 'recorded'; readonly verdict: VerdictRow; readonly replayed: boolean }
  | { readonly kind: 'idempotency_key_reused'; readonly verdict: VerdictRow }
  | { readonly kind: 'unknown_reason'; readonly message: string }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'crm_unavailable'; readonly error: ConnectorError };

/**
 * Stores a rep's verdict durably with its write-back, ending the verdict SLA, all in one
 * transaction; the CRM write happens afterwards from the outbox.
 */
export async function recordVerdict(
  deps: RecordVerdictDeps,
  command: VerdictCommand,
): Promise<RecordVerdictOutcome> {
  const reason = deps.definitions.reasons.find(
    (r) => r.code === command.reasonCode && r.verdict === command.verdict,
  );
  if (!reason) {
    const allowed = deps.definitions.reasons.filter((r) => r.verdict === command.verdict).map((r) => r.code);
    return {
      kind: 'unknown_reason',
      message: `reasonCode '${command.reasonCode}' is not a reason for '${command.verdict}'; use one of: ${allowed.join(', ')}.`,
    };
  }
  if (command.idempotencyKey !== null) {
    const previous = await findVerdictByKey(deps.db, command.portalId, command.idempotencyKey);
    if (previous) return replay(previous, command);
  }
  const seen = await ensureSeen(deps, command.portalId, command.contactId);
  if (seen !== null) return seen;
  const ownerId = await resolveOwner(deps, command.portalId, command.userId);
  const decidedAt = command.decidedAt ?? deps.now();
  return deps.db
    .transaction(async (client): Promise<RecordVerdictOutcome> => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `contact:${command.portalId}:${command.contactId}`,
      ]);
      // The verdict judges the contact's current qualification episode (none when unqualified).
      const episode = await findCurrentEpisode(client, command.portalId, command.contactId);
      const stored = await insertVerdict(client, {
        id: randomUUID(),
        portalId: command.portalId,
        contactId: command.contactId,
        verdict: command.verdict,
        reasonCode: command.reasonCode,
        note: command.note,
        decidedAt,
        decidedBy: command.userEmail,
        decidedByUserId: command.userId,
        ownerId,
        definitionHash: deps.definitions.hash,
        episode,
        idempotencyKey: command.idempotencyKey,
      });
      if (!stored) {
        // Lost a race with the same idempotency key: answer with the winner.
        const winner = await findVerdictByKey(client, command.portalId, command.idempotencyKey ?? '');
        if (!winner) throw new Error('verdict insert conflicted but no verdict holds the key');
        return replay(winner, command);
      }
      await supersedeOlderVerdicts(client, stored);
      await saveCurrentVerdict(client, command.portalId, command.contactId, stored);
      // A verdict means sales has the lead: it ends the episode's handoff SLA if still open, and
      // its verdict SLA.
      const deadlines =
        episode === null ? {} : await closeEpisodeDeadlines(deps, client, command, episode, decidedAt);
      const status = deadlines.verdict ?? deadlines.handoff;
      const slaStatus = status ? { slaStatus: currentStatus(status, decidedAt) } : {};
      const targets = deps.writeBackTargets ?? DEFAULT_WRITE_BACK_TARGETS;
      const queuedAt = deps.now();
      await enqueueContactChange(deps, client, {
        portalId: command.portalId,
        contactId: command.contactId,
        targets: targets.filter((target) => target !== command.madeIn),
        changes: {
          verdict: {
            verdict: stored.verdict,
            reasonCode: stored.reasonCode,
            note: stored.note,
            decidedAt: stored.decidedAt.toISOString(),
            decidedBy: stored.decidedBy,
          },
          ...slaStatus,
        },
        verdictId: stored.id,
        now: queuedAt,
      });
      if (command.madeIn !== undefined && targets.includes(command.madeIn)) {
        await enqueueContactChange(deps, client, {
          portalId: command.portalId,
          contactId: command.contactId,
          targets: [command.madeIn],
          changes: slaStatus,
          dropParts: ['verdict'],
          now: queuedAt,
        });
      }
      return { kind: 'recorded' as const, verdict: stored, replayed: false };
    })
    .then((outcome) => {
      if (outcome.kind === 'recorded' && !outcome.replayed) deps.onWriteBackQueued();
      return outcome;
    });
}

async function closeEpisodeDeadlines(
  deps: RecordVerdictDeps,
  client: Queryable,
  command: VerdictCommand,
  episode: number,
  decidedAt: Date,
): Promise<Partial<Record<DeadlineKind, DeadlineRow>>> {
  const { portalId, contactId } = command;
  await closeDeadline(deps, client, portalId, contactId, episode, 'handoff', decidedAt);
  await closeDeadline(deps, client, portalId, contactId, episode, 'verdict', decidedAt);
  return findDeadlines(client, portalId, contactId, episode);
}

/** null when the contact is tracked (now, if it was a first view); else why the verdict cannot be taken. */
async function ensureSeen(
  deps: RecordVerdictDeps,
  portalId: string,
  contactId: string,
): Promise<Extract<RecordVerdictOutcome, { kind: 'not_found' | 'crm_unavailable' }> | null> {
  if (!deps.firstView)
    return (await findContact(deps.db, portalId, contactId)) ? null : { kind: 'not_found' };
  const seen = await deps.firstView.ensureTracked(portalId, contactId);
  switch (seen.kind) {
    case 'known':
    case 'tracked':
      return null;
    case 'not_found':
      return { kind: 'not_found' };
    case 'crm_unavailable':
      return { kind: 'crm_unavailable', error: seen.error };
  }
}

/**
 * The same key again: the stored answer when the request is the same one, a conflict when it is
 * not (the convention of payment APIs), since answering a different request with the first
 * verdict would tell the rep that something was stored that was not.
 */
function replay(stored: VerdictRow, command: VerdictCommand): RecordVerdictOutcome {
  const same =
    stored.contactId === command.contactId &&
    stored.verdict === command.verdict &&
    stored.reasonCode === command.reasonCode &&
    stored.note === command.note &&
    stored.decidedByUserId === command.userId &&
    stored.decidedBy === command.userEmail;
  return same
    ? { kind: 'recorded', verdict: stored, replayed: true }
    : { kind: 'idempotency_key_reused', verdict: stored };
}
