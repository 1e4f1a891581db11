// Builds one simulated HubSpot contact as HubSpot keeps it: each property's current value plus its
// history (newest first), `createdate`, and a `lastmodifieddate` that follows the newest change.
import type { FakeContact, FakeHistoryEntry } from '../../bench/fake-hubspot.ts';

export class ContactBuilder {
  private readonly changes = new Map<string, FakeHistoryEntry[]>();
  readonly id: string;
  readonly createdAt: number;

  constructor(id: string, createdAt: number) {
    this.id = id;
    // HubSpot keeps instants in whole milliseconds (webhooks' occurredAt is an integer).
    this.createdAt = Math.floor(createdAt);
    this.set('createdate', iso(this.createdAt), this.createdAt, 'CRM_UI');
  }

  /** Records that `name` took `value` at `at` (ms); the latest change is the current value. */
  set(name: string, value: string, at: number, sourceType = 'CRM_UI'): this {
    const entries = this.changes.get(name) ?? [];
    entries.push({ value, timestamp: iso(Math.floor(at)), sourceType });
    this.changes.set(name, entries);
    return this;
  }

  build(): FakeContact {
    const properties: Record<string, string | null> = { hs_object_id: this.id };
    const history: Record<string, FakeHistoryEntry[]> = {};
    let updatedAt = this.createdAt;
    for (const [name, entries] of this.changes) {
      const newestFirst = [...entries].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
      history[name] = newestFirst;
      properties[name] = newestFirst[0]?.value ?? null;
      updatedAt = Math.max(updatedAt, Date.parse(newestFirst[0]?.timestamp ?? ''));
    }
    properties['lastmodifieddate'] = iso(updatedAt);
    return { id: this.id, properties, history, createdAt: this.createdAt, updatedAt };
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
