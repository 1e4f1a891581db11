import type { SlaAlert } from '../../src/ports/alert-channel.ts';

// Friday 2026-11-20, 10:00 in Tokyo: the hand-off was due at 10:00 and it is now 12:30 (2.5 business hours).
export function slaAlert(overrides: Partial<SlaAlert> = {}): SlaAlert {
  return {
    id: 'sla:62515:123:handoff:breached',
    portalId: '62515',
    contactId: '123',
    contactName: '山田 太郎',
    contactUrl: 'https://app.hubspot.com/contacts/62515/record/0-1/123',
    deadlineKind: 'handoff',
    alertKind: 'breached',
    dueAt: new Date('2026-11-20T01:00:00.000Z'),
    now: new Date('2026-11-20T03:30:00.000Z'),
    lateByMs: 2.5 * 3_600_000,
    clock: 'business',
    timezone: 'Asia/Tokyo',
    ownerId: '77',
    definitionVersion: '2026-11',
    ...overrides,
  };
}
