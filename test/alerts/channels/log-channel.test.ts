import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogChannel } from '../../../src/alerts/channels/log-channel.ts';
import { slaAlert } from '../sla-alert-fixture.ts';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('createLogChannel', () => {
  it('writes one warn line "SLA alert" with the alert and the contact on it', async () => {
    const { logger, lines } = capturingLogger();

    const result = await createLogChannel(logger).send(slaAlert());

    expect(result).toEqual({ ok: true, value: undefined });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'SLA alert',
      portalId: '62515',
      contactId: '123',
      alert: {
        id: 'sla:62515:123:handoff:breached',
        alertKind: 'breached',
        deadlineKind: 'handoff',
        contactName: '山田 太郎',
        contactUrl: 'https://app.hubspot.com/contacts/62515/record/0-1/123',
        dueAt: '2026-11-20T01:00:00.000Z',
        lateByMs: 9_000_000,
        clock: 'business',
        ownerId: '77',
        definitionVersion: '2026-11',
      },
    });
  });

  it('succeeds even when the level filters the line out', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });

    const result = await createLogChannel(pino({ level: 'error' }, stream)).send(slaAlert());

    expect(result.ok).toBe(true);
    expect(lines).toHaveLength(0);
  });
});
