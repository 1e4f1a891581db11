import { Client } from '@hubspot/api-client';
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { Result } from '../../domain/result.ts';
import { createAbortableAgent } from './abortable-agent.ts';
import type { HubSpotCallKind } from './portal-rate-limiter.ts';

type Crm = Client['crm'];

/** The SDK API objects the connector uses, built once per connector. */
export interface HubSpotApis {
  readonly contactsBatch: Crm['contacts']['batchApi'];
  readonly contactsSearch: Crm['contacts']['searchApi'];
  readonly properties: Crm['properties']['coreApi'];
  readonly propertiesBatch: Crm['properties']['batchApi'];
  readonly groups: Crm['properties']['groupsApi'];
  readonly owners: Crm['owners']['ownersApi'];
  readonly tasks: Crm['objects']['tasks']['basicApi'];
}

/** One rate-limited SDK call whose failure comes back as a value. */
export type HubSpotCall = <T>(
  kind: HubSpotCallKind,
  operation: string,
  send: () => Promise<T>,
) => Promise<Result<T, ConnectorError>>;

/** The headers of every HTTP answer the SDK receives, error answers included. */
export type ResponseHeadersListener = (headers: Readonly<Record<string, string | undefined>>) => void;

function headersOf(context: unknown): Readonly<Record<string, string | undefined>> {
  const headers = (context as { headers?: unknown } | null)?.headers;
  return typeof headers === 'object' && headers !== null
    ? (headers as Record<string, string | undefined>)
    : {};
}

/** Builds the SDK API objects for one connector. */
export function buildHubSpotApis(
  accessToken: string,
  baseUrl: string,
  onResponse?: ResponseHeadersListener,
): HubSpotApis {
  // numberOfApiCallRetries 0 and no limiterOptions: retries belong to our job queue, throttling to
  // our per-portal limiter. The SDK decorates API objects from a process-wide singleton when they are
  // first touched, so touch them all now, while this client's (empty) decorators are the current ones;
  // a later `new Client({ numberOfApiCallRetries })` elsewhere in the process then cannot reach them.
  // The abortable agent is how a timed-out call is cancelled on the wire (see abortable-agent.ts).
  // The SDK hands successful calls only their bodies; its `middleware` sees every raw answer
  // (ResponseContext: status, headers) before the body is parsed or an ApiException thrown.
  const client = new Client({
    accessToken,
    basePath: baseUrl,
    numberOfApiCallRetries: 0,
    httpAgent: createAbortableAgent(baseUrl),
    ...(onResponse
      ? {
          middleware: [
            {
              pre: (context: unknown) => context,
              post: (context: unknown) => {
                onResponse(headersOf(context));
                return context;
              },
            },
          ],
        }
      : {}),
  });
  return {
    contactsBatch: client.crm.contacts.batchApi,
    contactsSearch: client.crm.contacts.searchApi,
    properties: client.crm.properties.coreApi,
    propertiesBatch: client.crm.properties.batchApi,
    groups: client.crm.properties.groupsApi,
    owners: client.crm.owners.ownersApi,
    tasks: client.crm.objects.tasks.basicApi,
  };
}
