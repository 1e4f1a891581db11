/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   @hubspot/api-client declares its inputs as classes, yet serialises plain objects by field name
   (its own README passes literals); constructing each class field by field adds nothing. */
import type { ConnectorError } from '../../domain/connector-error.ts';
import { err, ok } from '../../domain/result.ts';
import type { CrmAccount } from '../../ports/crm-account.ts';
import type { CrmAdmin } from '../../ports/crm-admin.ts';
import type { CrmContact, CrmContacts } from '../../ports/crm-contacts.ts';
import { withAbortSignal } from './abortable-agent.ts';
import { HubSpotTimeoutError, toConnectorError } from './hubspot-errors.ts';
import { failuresFromBatchErrors, fromHubSpotContact, fromHubSpotOwner } from './hubspot-mappers.ts';
import { createHubSpotAccount } from './hubspot-account.ts';
import { ensureHubSpotContactProperties } from './hubspot-provisioning.ts';
import { buildHubSpotApis } from './hubspot-sdk.ts';
import { parseRateLimitHeaders } from './rate-limit-headers.ts';
import type { HubSpotApis, HubSpotCall } from './hubspot-sdk.ts';
import type { HubSpotRawContact } from './hubspot-types.ts';
import type { HubSpotCallKind, RateLimiter } from './portal-rate-limiter.ts';

export interface HubSpotConnectorOptions {
  readonly accessToken: string;
  readonly portalId: string;
  /** HUBSPOT_API_BASE_URL, e.g. https://api.hubapi.com */
  readonly baseUrl: string;
  readonly limiter: RateLimiter;
  readonly logger?: { warn(obj: object, msg: string): void };
  /** The SDK has no timeout; a call that hangs longer is cancelled and reported as transient. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export type HubSpotConnector = CrmContacts & CrmAdmin & CrmAccount;

// HubSpot's caps. Batch calls take at most 100 inputs (developers.hubspot.com/docs/api/crm/contacts
// "Limits", quoted in HubSpot/hubspot-api-nodejs#412; activepieces/activepieces#9716).
export const HUBSPOT_BATCH_LIMIT = 100;
// A batch read that asks `propertiesWithHistory` takes at most 50: HubSpot answers more with
// 400 VALIDATION_ERROR "The maximum number of inputs supported in a batch request for property
// histories is 50. Please reduce the number of items and try again" (real bodies quoted in
// activepieces/activepieces#9359 and PipedreamHQ/pipedream#8462).
export const HUBSPOT_HISTORY_BATCH_LIMIT = 50;
// Search pages hold at most 200 results.
export const HUBSPOT_SEARCH_PAGE_LIMIT = 200;

/** How many ids one batch read may carry. */
export function hubSpotReadBatchLimit(withHistory: boolean): number {
  return withHistory ? HUBSPOT_HISTORY_BATCH_LIMIT : HUBSPOT_BATCH_LIMIT;
}
const DEFAULT_TIMEOUT_MS = 30_000;

type SearchRequest = Parameters<HubSpotApis['contactsSearch']['doSearch']>[0];
type TaskInput = Parameters<HubSpotApis['tasks']['create']>[0];

function validation(message: string): ConnectorError {
  return { code: 'validation', provider: 'hubspot', message };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

export function createHubSpotConnector(options: HubSpotConnectorOptions): HubSpotConnector {
  // HubSpot's rate-limit headers on every answer keep the limiter's budget true (rate-limit-headers.ts).
  const apis = buildHubSpotApis(options.accessToken, options.baseUrl, (headers) => {
    options.limiter.observe(parseRateLimitHeaders(headers));
  });
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const call: HubSpotCall = async <T>(kind: HubSpotCallKind, operation: string, send: () => Promise<T>) => {
    await options.limiter.acquire(kind);
    // A timed-out call is cancelled, not left running: a write still in flight could otherwise land
    // after the retry that carried newer values. The abort destroys the call's socket.
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new HubSpotTimeoutError(`${operation} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    const aborted = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => {
        reject(controller.signal.reason as Error);
      });
    });
    const sending = withAbortSignal(controller.signal, send);
    // Whichever loses the race below settles unobserved.
    sending.catch(() => undefined);
    aborted.catch(() => undefined);
    try {
      return ok(await Promise.race([sending, aborted]));
    } catch (thrown) {
      const error = toConnectorError(thrown, { now: now(), secrets: [options.accessToken] });
      if (error.code === 'rate_limited') {
        options.limiter.onRateLimited(error.retryAfterMs ?? 10_000);
      }
      options.logger?.warn(
        { portalId: options.portalId, operation, code: error.code, status: error.status },
        `HubSpot ${operation} failed: ${error.message}`,
      );
      return err(error);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    ...createHubSpotAccount(apis, call, { accessToken: options.accessToken, baseUrl: options.baseUrl }),

    async readContacts(ids, properties, propertiesWithHistory) {
      const contacts: CrmContact[] = [];
      const size = hubSpotReadBatchLimit(propertiesWithHistory.length > 0);
      for (const inputs of chunk([...new Set(ids)], size)) {
        const answer = await call('standard', 'contacts.batch.read', () =>
          apis.contactsBatch.read({
            inputs: inputs.map((id) => ({ id })),
            properties: [...properties],
            propertiesWithHistory: [...propertiesWithHistory],
          }),
        );
        if (!answer.ok) {
          return answer;
        }
        // Unknown ids come back as a 207 with OBJECT_NOT_FOUND errors: they are simply absent.
        contacts.push(...answer.value.results.map((raw) => fromHubSpotContact(raw as HubSpotRawContact)));
      }
      return ok(contacts);
    },

    async searchContacts(query) {
      if (query.limit < 1 || query.limit > HUBSPOT_SEARCH_PAGE_LIMIT) {
        return err(validation(`search limit must be 1–${HUBSPOT_SEARCH_PAGE_LIMIT}, got ${query.limit}`));
      }
      // The SDK types `sorts` as string[] and operators as its own enums; the REST API takes the
      // objects below, and the SDK's serialiser passes them through untouched (asserted at the wire).
      const request = {
        filterGroups: [
          {
            filters: [
              {
                propertyName: 'lastmodifieddate',
                operator: 'GTE',
                value: String(query.modifiedFrom.getTime()),
              },
              { propertyName: 'lastmodifieddate', operator: 'LT', value: String(query.modifiedTo.getTime()) },
            ],
          },
        ],
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
        properties: [...query.properties],
        limit: query.limit,
        ...(query.after === undefined ? {} : { after: query.after }),
      } as unknown as SearchRequest;
      const answer = await call('search', 'contacts.search', () => apis.contactsSearch.doSearch(request));
      if (!answer.ok) {
        return answer;
      }
      return ok({
        contacts: answer.value.results.map((raw) => fromHubSpotContact(raw as HubSpotRawContact)),
        total: answer.value.total,
        nextAfter: answer.value.paging?.next?.after ?? null,
      });
    },

    async updateContacts(updates) {
      if (updates.length > HUBSPOT_BATCH_LIMIT) {
        return err(
          validation(`at most ${HUBSPOT_BATCH_LIMIT} contacts per update call, got ${updates.length}`),
        );
      }
      if (updates.length === 0) {
        return ok({ updated: [], failed: [] });
      }
      const answer = await call('standard', 'contacts.batch.update', () =>
        apis.contactsBatch.update({
          inputs: updates.map((update) => ({ id: update.id, properties: { ...update.properties } })),
        }),
      );
      if (!answer.ok) {
        return answer;
      }
      const requested = updates.map((update) => update.id);
      const updated = new Set(answer.value.results.map((result) => result.id));
      const batchErrors = ('errors' in answer.value ? answer.value.errors : undefined) ?? [];
      const failed = failuresFromBatchErrors(batchErrors, requested, updated);
      const accounted = new Set([...updated, ...failed.map((failure) => failure.id)]);
      const unreported = requested
        .filter((id) => !accounted.has(id))
        .map((id) => ({
          id,
          error: {
            code: 'unknown',
            provider: 'hubspot',
            message: 'HubSpot did not report this input',
          } as const,
        }));
      if (failed.length + unreported.length > 0) {
        options.logger?.warn(
          {
            portalId: options.portalId,
            operation: 'contacts.batch.update',
            failed: failed.length + unreported.length,
          },
          'HubSpot refused part of a batch update',
        );
      }
      return ok({ updated: requested.filter((id) => updated.has(id)), failed: [...failed, ...unreported] });
    },

    ensureContactProperties(group, properties) {
      return ensureHubSpotContactProperties(apis, call, group, properties);
    },

    async getOwnerByUserId(userId) {
      if (!/^\d{1,15}$/.test(userId)) {
        return err(validation(`HubSpot user ids are numeric, got "${userId.slice(0, 40)}"`));
      }
      const answer = await call('standard', 'owners.get', () =>
        apis.owners.getById(Number(userId), 'userId'),
      );
      if (!answer.ok) {
        return answer.error.code === 'not_found' ? ok(null) : answer;
      }
      return ok(fromHubSpotOwner(answer.value));
    },

    async createTask(task) {
      const input = {
        properties: {
          hs_timestamp: task.dueAt.toISOString(),
          hs_task_subject: task.subject,
          hs_task_body: task.body,
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: 'HIGH',
          hs_task_type: 'TODO',
          hubspot_owner_id: task.ownerId,
        },
        // 204 = task → contact, HubSpot-defined. (The SDK types the category as its own enum.)
        associations: [
          {
            to: { id: task.contactId },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
          },
        ],
      } as unknown as TaskInput;
      const answer = await call('standard', 'tasks.create', () => apis.tasks.create(input));
      return answer.ok ? ok({ id: answer.value.id }) : answer;
    },
  };
}
