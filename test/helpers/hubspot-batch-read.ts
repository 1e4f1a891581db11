// HubSpot's contacts batch read at the wire, for nock: it refuses what HubSpot refuses (more than
// 100 inputs, more than 50 with `propertiesWithHistory`) with a 400 VALIDATION_ERROR, and answers
// 207 naming the ids it does not know, so a test cannot pass by sending what a portal would refuse.
// The over-50 body is HubSpot's real one (activepieces/activepieces#9359); for over 100 no real
// body was found, so only its status and category are HubSpot's.
import historyOver50 from '../fixtures/hubspot/batch-read-history-over-50-400.json' with { type: 'json' };
import batchRead from '../fixtures/hubspot/batch-read-contacts.json' with { type: 'json' };

export const BATCH_READ_PATH = '/crm/v3/objects/contacts/batch/read';

export interface BatchReadBody {
  readonly inputs: readonly { readonly id: string }[];
  readonly properties?: readonly string[];
  readonly propertiesWithHistory?: readonly string[];
}

/** The fixture contact with another id (and, optionally, other properties). */
export function fixtureContact(id: string, properties: Record<string, string | null> = {}): object {
  const template = batchRead.results[0];
  if (!template) throw new Error('batch-read-contacts.json has no result');
  return {
    ...template,
    id,
    properties: { ...template.properties, hs_object_id: id, ...properties },
  };
}

/**
 * A nock reply function for POST batch/read. `find` returns the raw contact for an id, or
 * undefined when the portal has no such contact. Every request body is pushed to `seen`.
 */
export function batchReadReply(
  find: (id: string) => object | undefined,
  seen: BatchReadBody[] = [],
): (request: Request) => Promise<[number, object]> {
  // nock 15 hands a reply function the fetch Request (one argument; two would mean a callback).
  return async (request) => {
    const body = JSON.parse(await request.text()) as BatchReadBody;
    seen.push(body);
    const withHistory = (body.propertiesWithHistory ?? []).length > 0;
    if (withHistory && body.inputs.length > 50) return [400, historyOver50];
    if (body.inputs.length > 100) {
      return [
        400,
        {
          status: 'error',
          message: `Batch input limit exceeded: ${body.inputs.length} inputs, max 100`,
          correlationId: '0b9d6c1e-1111-4aaa-8bbb-222233334444',
          category: 'VALIDATION_ERROR',
        },
      ];
    }
    const results: object[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const found = find(id);
      if (found === undefined) missing.push(id);
      else results.push(found);
    }
    const base = {
      status: 'COMPLETE',
      results,
      startedAt: '2026-11-20T01:05:00.101Z',
      completedAt: '2026-11-20T01:05:00.164Z',
    };
    if (missing.length === 0) return [200, base];
    return [
      207,
      {
        ...base,
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message:
              'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
            context: { ids: missing },
          },
        ],
      },
    ];
  };
}
