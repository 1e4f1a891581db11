// What every benchmark reports, and how `npm run bench` judges it: a number against a target that
// is a comparator and a number (never text), so a miss is a miss.

export type Comparator = '<=' | '>=' | '==';

export interface Target {
  readonly op: Comparator;
  readonly value: number;
}

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** null: reported for context, not judged. */
  readonly target: Target | null;
}

export const atMost = (value: number): Target => ({ op: '<=', value });
export const atLeast = (value: number): Target => ({ op: '>=', value });
export const exactly = (value: number): Target => ({ op: '==', value });

/** Whether the result meets its target; null when it has none. */
export function meetsTarget(result: BenchResult): boolean | null {
  const { target, value } = result;
  if (target === null) return null;
  if (!Number.isFinite(value)) return false;
  switch (target.op) {
    case '<=':
      return value <= target.value;
    case '>=':
      return value >= target.value;
    case '==':
      return value === target.value;
  }
}

/** The p-th percentile by nearest rank (p50 is the median of an odd count); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Rounds for display in results (2 decimals), keeping integers as they are. */
export const round2 = (value: number): number => Math.round(value * 100) / 100;

function formatNumber(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** One line: `ok`/`MISS` (blank when not judged), the name, the value and its target. */
export function formatResult(result: BenchResult): string {
  const verdict = meetsTarget(result);
  const target = result.target
    ? `target ${result.target.op} ${formatNumber(result.target.value)}`
    : 'not judged';
  const mark = verdict === null ? '    ' : verdict ? 'ok  ' : 'MISS';
  return `${mark} ${result.name}: ${formatNumber(result.value)} ${result.unit} (${target})`;
}
