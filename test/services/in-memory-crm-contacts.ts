// A fake of the `CrmContacts` port with HubSpot's search semantics (ascending `lastmodifieddate`,
// offset `after`, ≤ 200 per page, a validation error past 10,000 results) and its batch read (≤ 100
// ids, ≤ 50 when history is asked: HubSpot's 400 VALIDATION_ERROR otherwise),
// over the fake HubSpot's contact store. It records every call so tests can count and inspect them.
import type { FakeContactStore } from '../../bench/fake-hubspot.ts';
import type { ConnectorError } from '../../src/domain/connector-error.ts';
import { err, ok } from '../../src/domain/result.ts';
import type { ContactSearchQuery, CrmContact, CrmContacts } from '../../src/ports/crm-contacts.ts';

export interface InMemoryCrm extends CrmContacts {
  readonly searches: ContactSearchQuery[];
  readonly reads: (readonly string[])[];
  /** The next call(s) of that kind answer this error instead. */
  failNext(kind: 'search' | 'read', error: ConnectorError, times?: number): void;
}

function validation(message: string): ConnectorError {
  return { code: 'validation', provider: 'hubspot', message, status: 400 };
}

export function createInMemoryCrm(store: FakeContactStore): InMemoryCrm {
  const searches: ContactSearchQuery[] = [];
  const reads: (readonly string[])[] = [];
  const failures: Record<'search' | 'read', ConnectorError[]> = { search: [], read: [] };

  return {
    searches,
    reads,
    failNext(kind, error, times = 1) {
      for (let index = 0; index < times; index += 1) failures[kind].push(error);
    },
    searchContacts(query) {
      searches.push(query);
      const failure = failures.search.shift();
      if (failure) return Promise.resolve(err(failure));
      if (query.limit < 1 || query.limit > 200) return Promise.resolve(err(validation('limit ≤ 200')));
      const offset = query.after === undefined ? 0 : Number(query.after);
      if (offset >= 10_000)
        return Promise.resolve(err(validation(`cannot page past 10,000 (after=${offset})`)));
      const matching = store.modifiedBetween(query.modifiedFrom.getTime(), query.modifiedTo.getTime());
      const contacts: CrmContact[] = matching.slice(offset, offset + query.limit).map((contact) => ({
        id: contact.id,
        properties: { hs_object_id: contact.id, lastmodifieddate: new Date(contact.updatedAt).toISOString() },
        history: {},
        createdAt: new Date(contact.createdAt).toISOString(),
        updatedAt: new Date(contact.updatedAt).toISOString(),
      }));
      const next = offset + query.limit < matching.length ? String(offset + query.limit) : null;
      return Promise.resolve(ok({ contacts, total: matching.length, nextAfter: next }));
    },
    readContacts(ids, properties, withHistory) {
      reads.push([...ids]);
      const failure = failures.read.shift();
      if (failure) return Promise.resolve(err(failure));
      const cap = withHistory.length > 0 ? 50 : 100;
      if (ids.length > cap) {
        return Promise.resolve(
          err(
            validation(
              cap === 50
                ? 'The maximum number of inputs supported in a batch request for property histories is 50. Please reduce the number of items and try again'
                : `batch read of ${ids.length} > 100`,
            ),
          ),
        );
      }
      const found = ids.flatMap((id): CrmContact[] => {
        const contact = store.get(id);
        if (contact === undefined) return [];
        return [
          {
            id,
            properties: Object.fromEntries(
              properties.map((name) => [name, contact.properties[name] ?? null]),
            ),
            history: Object.fromEntries(withHistory.map((name) => [name, contact.history[name] ?? []])),
            createdAt: new Date(contact.createdAt).toISOString(),
            updatedAt: new Date(contact.updatedAt).toISOString(),
          },
        ];
      });
      return Promise.resolve(ok(found));
    },
    updateContacts() {
      return Promise.resolve(err(validation('not used by these tests')));
    },
  };
}
