// The `mql_grounds` contact property: one line per condition, readable in HubSpot's sidebar
// without the card, e.g. `✔ ターゲット業種 (industry = COMPUTER_SOFTWARE, 2026-11-02)`.
import type { Definitions } from './definitions.ts';
import type { Ground } from './mql-evaluation.ts';

// HubSpot string properties hold at most 65,536 characters.
export const GROUNDS_TEXT_MAX_CHARS = 65_536;
const VALUE_MAX_CHARS = 200;

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function localDate(iso: string, timezone: string): string {
  let format = dateFormats.get(timezone);
  if (format === undefined) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timezone, format);
  }
  return format.format(new Date(iso));
}

/** Cuts at a code point boundary so a surrogate pair is never split; a cut text ends with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text.slice(0, max));
  let out = '';
  for (const point of points) {
    if (out.length + point.length > max - 1) break;
    out += point;
  }
  return `${out}…`;
}

function groundLine(ground: Ground, timezone: string): string {
  const mark = ground.met ? '✔' : '✘';
  const value =
    ground.value === null ? 'no value' : `= ${truncate(ground.value.replace(/\s+/g, ' '), VALUE_MAX_CHARS)}`;
  const when = ground.evidenceAt === null ? '' : `, ${localDate(ground.evidenceAt, timezone)}`;
  return `${mark} ${ground.label} (${ground.property} ${value}${when})`;
}

export function formatGroundsText(defs: Pick<Definitions, 'timezone'>, grounds: readonly Ground[]): string {
  return truncate(grounds.map((g) => groundLine(g, defs.timezone)).join('\n'), GROUNDS_TEXT_MAX_CHARS);
}
