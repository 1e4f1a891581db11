import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startLoop } from '../../server/jobs/loop.ts';
import { createLogger } from '../../src/logging/logger.ts';

// A background loop stops within its grace whatever its run is waiting on: the run is told through
// its signal, and one that does not listen (a CRM call that cannot be cancelled) is left behind.

function capture() {
  const lines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, lines };
}

describe('startLoop', () => {
  it('aborts the running work through its signal on stop, and logs it as a stop, not a failure', async () => {
    const { logger, lines } = capture();
    const seen: AbortSignal[] = [];
    const loop = startLoop(
      'waits',
      60_000,
      (signal) => {
        seen.push(signal);
        return new Promise<boolean>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            reject(new Error('pause ended by shutdown'));
          });
        });
      },
      logger,
    );
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop(10_000);
    expect(seen.map((signal) => signal.aborted)).toEqual([true]);
    expect(lines.join('')).toContain('background loop run stopped by shutdown');
    expect(lines.join('')).not.toContain('background loop run failed');
  });

  it('returns after the grace when the work ignores its signal, and runs it no more', async () => {
    const { logger, lines } = capture();
    let runs = 0;
    const loop = startLoop(
      'stuck',
      0,
      () => {
        runs += 1;
        return new Promise<boolean>(() => undefined);
      },
      logger,
    );
    while (runs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await loop.stop(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(lines.join('')).toContain('still running at shutdown; left behind');
    loop.poke();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(1);
  });
});
