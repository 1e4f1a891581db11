// Japanese national holidays, substitute holidays (振替休日) and citizens' holidays (国民の休日),
// read from @holiday-jp/holiday_jp's table (Cabinet Office data, generated through 2050).
// A pure lookup table: no I/O, so it may sit in the domain.
import holidayJp from '@holiday-jp/holiday_jp';

const HOLIDAYS: Readonly<Record<string, { readonly name: string }>> = holidayJp.holidays;

/** Last date (`YYYY-MM-DD`) the table covers; later dates read as no holiday. */
export const JAPAN_HOLIDAYS_COVERED_UNTIL = `${Object.keys(HOLIDAYS)
  .reduce((a, b) => (a > b ? a : b))
  .slice(0, 4)}-12-31`;

/** True when the local date `YYYY-MM-DD` is a Japanese national holiday of any kind. */
export function isJapaneseHoliday(isoDate: string): boolean {
  return Object.hasOwn(HOLIDAYS, isoDate);
}

/** The holiday's Japanese name (`こどもの日 振替休日`), or null on an ordinary day. */
export function japaneseHolidayName(isoDate: string): string | null {
  return Object.hasOwn(HOLIDAYS, isoDate) ? (HOLIDAYS[isoDate]?.name ?? null) : null;
}
