import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { atLeast, atMost, exactly, meetsTarget, median, percentile } from '../../bench/bench-result.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const result = (value: number, target: ReturnType<typeof atMost> | null) => ({
  name: 'x',
  value,
  unit: '',
  target,
});

describe('bench results', () => {
  it('judges a value against a comparator and a number', () => {
    expect(meetsTarget(result(200, atMost(200)))).toBe(true);
    expect(meetsTarget(result(201, atMost(200)))).toBe(false);
    expect(meetsTarget(result(199_999, atLeast(200_000)))).toBe(false);
    expect(meetsTarget(result(0, exactly(0)))).toBe(true);
    expect(meetsTarget(result(Number.NaN, atMost(1)))).toBe(false);
    expect(meetsTarget(result(5, null))).toBeNull();
  });

  it('takes percentiles by nearest rank, whatever the order of the values', () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(percentile(values, 99)).toBe(5);
    expect(percentile(values, 1)).toBe(1);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => 100 - i),
        99,
      ),
    ).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });

  it('lists the benchmarks and their variables on --help, and refuses an unknown one with exit 1', () => {
    const help = spawnSync(process.execPath, ['bench/run.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('verdict-write-back-2x');
    expect(help.stdout).toContain('BENCH_DATABASE_URL');
    const unknown = spawnSync(process.execPath, ['bench/run.ts', 'no-such-bench'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(1);
  });
});
