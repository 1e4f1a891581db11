/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   @hubspot/api-client declares its inputs as classes, yet serialises plain objects by field name
   (its own README passes literals); constructing each class field by field adds nothing. */
import type { ConnectorError } from '../../domain/connector-error.ts';
import { err, ok } from '../../domain/result.ts';
import type { CrmAdmin } from '../../ports/crm-admin.ts';
import type { CrmContact, CrmContacts } from '../../ports/crm-contacts.ts';
import { HubSpotTimeoutError, toConnectorError } from './hubspot-errors.ts';
import { failuresFromBatchErrors, fromHubSpotContact, fromHubSpotOwner } from './hubspot-mappers.ts';
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
  /** The SDK has no timeout; a call that hangs longer is reported as transient. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export type HubSpotConnector = CrmContacts & CrmAdmin;

// HubSpot's documented caps: 100 inputs per batch call, 200 results per search page.
export const HUBSPOT_BATCH_LIMIT = 100;
export const HUBSPOT_SEARCH_PAGE_LIMIT = 200;
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
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new HubSpotTimeoutError(`${operation} took longer than ${timeoutMs} ms`));
        }, timeoutMs);
      });
      return ok(await Promise.race([send(), timeout]));
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
    async readContacts(ids, properties, propertiesWithHistory) {
      const contacts: CrmContact[] = [];
      for (const inputs of chunk([...new Set(ids)], HUBSPOT_BATCH_LIMIT)) {
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
