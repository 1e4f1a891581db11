// Throughput of the business clock: `add` over random starts and 1–10 business-day durations,
// the shape of the SLA sweep's deadline math. Runnable directly: `node bench/business-clock.bench.ts`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createBusinessClock } from '../src/domain/business-clock.ts';
import type { CalendarSpec } from '../src/domain/calendar-spec.ts';
import { atLeast, formatResult } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';

const EXAMPLE_CALENDAR: CalendarSpec = {
  timezone: 'Asia/Tokyo',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '18:00' },
  holidays: 'japan',
  closures: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'],
};
const DST_CALENDAR: CalendarSpec = { ...EXAMPLE_CALENDAR, timezone: 'America/New_York', holidays: 'none' };

const CALLS = 300_000;
const FROM = Date.parse('2026-01-01T00:00:00Z');
const SPAN_MS = 3 * 365 * 86_400_000;

// A small deterministic generator, so runs compare like with like.
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

// Clocks are shared per calendar, so a run that must start cold asks for a calendar not seen before
// (an extra closure far outside the measured years).
let freshCalendars = 0;
function freshCalendar(spec: CalendarSpec): CalendarSpec {
  freshCalendars += 1;
  return { ...spec, closures: [...spec.closures, `2199-01-01#${freshCalendars}`] };
}

function addsPerSecond(spec: CalendarSpec, warm: boolean): number {
  const clock = createBusinessClock(freshCalendar(spec));
  const random = lcg(42);
  const starts = Array.from({ length: CALLS }, () => new Date(FROM + Math.floor(random() * SPAN_MS)));
  const amounts = Array.from({ length: CALLS }, () => (1 + Math.floor(random() * 10)) * clock.dayMs);
  if (warm) for (let i = 0; i < CALLS; i += 1) clock.add(starts[i] as Date, amounts[i] as number);
  let sink = 0;
  const began = performance.now();
  for (let i = 0; i < CALLS; i += 1) sink += clock.add(starts[i] as Date, amounts[i] as number).getTime();
  const seconds = (performance.now() - began) / 1000;
  if (sink === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return Math.round(CALLS / seconds);
}

// Worst case for the day cache: every 100 adds a calendar never seen before (a different closure
// date), so each add resolves its local days afresh. Only Intl offsets are shared by then.
function addsPerSecondNewCalendars(spec: CalendarSpec): number {
  const calls = 30_000;
  const random = lcg(7);
  const starts = Array.from({ length: calls }, () => new Date(FROM + Math.floor(random() * SPAN_MS)));
  let sink = 0;
  const began = performance.now();
  let clock = createBusinessClock(spec);
  for (let i = 0; i < calls; i += 1) {
    if (i % 100 === 0) clock = createBusinessClock(freshCalendar(spec));
    sink += clock.add(starts[i] as Date, (1 + (i % 10)) * clock.dayMs).getTime();
  }
  const seconds = (performance.now() - began) / 1000;
  if (sink === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return Math.round(calls / seconds);
}

export async function benchBusinessClock(): Promise<BenchResult[]> {
  await Promise.resolve();
  const target = atLeast(100_000);
  return [
    {
      name: 'business-clock add, Asia/Tokyo, cache filling during the run',
      value: addsPerSecond(EXAMPLE_CALENDAR, false),
      unit: 'add/s',
      target,
    },
    {
      name: 'business-clock add, Asia/Tokyo, warm cache',
      value: addsPerSecond(EXAMPLE_CALENDAR, true),
      unit: 'add/s',
      target,
    },
    {
      name: 'business-clock add, Asia/Tokyo, a new calendar every 100 adds (days resolved afresh)',
      value: addsPerSecondNewCalendars(EXAMPLE_CALENDAR),
      unit: 'add/s',
      // The worst case, for reference.
      target: null,
    },
    {
      name: 'business-clock add, America/New_York (DST), warm cache',
      value: addsPerSecond(DST_CALENDAR, true),
      unit: 'add/s',
      target,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchBusinessClock()) {
    console.log(formatResult(result));
  }
}
