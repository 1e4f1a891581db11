import { randomUUID } from 'node:crypto';
import type { Definitions, VerdictKind } from '../domain/definitions.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { CrmAdmin } from '../ports/crm-admin.ts';
import { findContact } from '../storage/contact-repository.ts';
import type { Database } from '../storage/database.ts';
import { findDeadlines } from '../storage/deadline-repository.ts';
import { findVerdictByKey, insertVerdict, supersedeOlderVerdicts } from '../storage/verdict-repository.ts';
import type { VerdictRow } from '../storage/verdict-repository.ts';
import { enqueueWriteBack } from '../storage/write-back-outbox.ts';
import { closeDeadline, currentStatus } from './deadlines.ts';
import { resolveOwner } from './resolve-owner.ts';
import { toHubSpotVerdictProperties } from './verdict-properties.ts';

export interface RecordVerdictDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly crmAdmin: CrmAdmin | null;
  /** Wakes the write-back worker so the verdict reaches HubSpot without waiting for its next poll. */
  readonly onWriteBackQueued: () => void;
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
}

export type RecordVerdictOutcome =
  | { readonly kind: 'recorded'; readonly verdict: VerdictRow; readonly replayed: boolean }
  | { readonly kind: 'idempotency_key_reused'; readonly verdict: VerdictRow }
  | { readonly kind: 'unknown_reason'; readonly message: string }
  | { readonly kind: 'not_found' };

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
  if (!(await findContact(deps.db, command.portalId, command.contactId))) return { kind: 'not_found' };
  const ownerId = await resolveOwner(deps, command.portalId, command.userId);
  const decidedAt = deps.now();
  return deps.db
    .transaction(async (client): Promise<RecordVerdictOutcome> => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `contact:${command.portalId}:${command.contactId}`,
      ]);
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
        idempotencyKey: command.idempotencyKey,
      });
      if (!stored) {
        // Lost a race with the same idempotency key: answer with the winner.
        const winner = await findVerdictByKey(client, command.portalId, command.idempotencyKey ?? '');
        if (!winner) throw new Error('verdict insert conflicted but no verdict holds the key');
        return replay(winner, command);
      }
      await supersedeOlderVerdicts(client, stored);
      // A verdict means sales has the lead: it ends the handoff SLA if still open, and the verdict SLA.
      await closeDeadline(deps, client, command.portalId, command.contactId, 'handoff', decidedAt);
      await closeDeadline(deps, client, command.portalId, command.contactId, 'verdict', decidedAt);
      const deadlines = await findDeadlines(client, command.portalId, command.contactId);
      const status = deadlines.verdict ?? deadlines.handoff;
      await enqueueWriteBack(client, {
        portalId: command.portalId,
        contactId: command.contactId,
        target: 'hubspot',
        properties: toHubSpotVerdictProperties(
          deps.definitions,
          stored,
          status ? currentStatus(status, decidedAt) : null,
        ),
        verdictId: stored.id,
        now: decidedAt,
      });
      return { kind: 'recorded' as const, verdict: stored, replayed: false };
    })
    .then((outcome) => {
      if (outcome.kind === 'recorded' && !outcome.replayed) deps.onWriteBackQueued();
      return outcome;
    });
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
