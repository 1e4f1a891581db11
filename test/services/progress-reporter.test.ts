import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import { createProgressReporter } from '../../src/services/progress-reporter.ts';
import type { ProgressStream } from '../../src/services/progress-reporter.ts';

function captureLogs(): { lines: Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write(message: string) {
      lines.push(JSON.parse(message) as Record<string, unknown>);
    },
  });
  return { lines, logger };
}

function fakeStream(isTTY: boolean): { stream: ProgressStream; output: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  Object.assign(stream, {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, output: () => chunks.join('') };
}

describe('progress reporter', () => {
  it('logs a structured line every N contacts or every 5 s when not on a terminal', () => {
    const { lines, logger } = captureLogs();
    let now = 0;
    const { stream } = fakeStream(false);
    const progress = createProgressReporter({
      label: 'backfill',
      logger,
      stream,
      everyContacts: 1_000,
      now: () => now,
    });

    now = 1_000;
    progress.update(200, 10_000);
    now = 2_000;
    progress.update(1_000, 10_000);
    now = 7_500;
    progress.update(1_200, 10_000);
    now = 8_000;
    progress.update(1_400, 10_000);
    progress.stop();

    expect(lines.map((line) => [line['msg'], line['done']])).toEqual([
      ['backfill progress', 1_000],
      ['backfill progress', 1_200],
      ['backfill stopped', 1_400],
    ]);
    expect(lines[0]).toMatchObject({
      task: 'backfill',
      total: 10_000,
      percent: 10,
      ratePerSecond: 500,
      etaSeconds: 18,
    });
  });

  it('draws a bar with done/total and rate on a terminal instead of logging', () => {
    const { lines, logger } = captureLogs();
    const terminal = fakeStream(true);
    let now = 0;
    const progress = createProgressReporter({
      label: 'backfill',
      logger,
      stream: terminal.stream,
      now: () => now,
    });

    now = 2_000;
    progress.update(200, 1_000);
    now = 4_000;
    progress.update(600, 1_000);
    progress.stop();

    expect(lines).toEqual([]);
    expect(terminal.output()).toContain('backfill');
    expect(terminal.output()).toContain('600/1000 contacts');
    expect(terminal.output()).toContain('150/s');
  });
});
