// Salesforce's date and time formats. The REST API returns datetimes as
// `2026-11-20T01:02:03.000+0000`: ISO 8601 with an offset without a colon, which zod's
// `z.iso.datetime({ offset: true })` refuses and `Date.parse` takes only through V8's lenient
// legacy parser; dates (`CloseDate`, `ConvertedDate`) as `2026-11-20`. SOQL datetime literals are
// unquoted and take `YYYY-MM-DDThh:mm:ssZ` (SOQL and SOSL Reference, "Date Formats and Date
// Literals").

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A Salesforce datetime (`…+0000`, `…+09:00` or `…Z`) as a Date; null for anything else. */
export function parseSalesforceDateTime(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const m = DATETIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const ms = Number((frac ?? '0').padEnd(3, '0'));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const offsetMin = zulu === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  // Reject what Date.UTC would roll over (2026-02-30, 25:00).
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    check.getUTCSeconds() !== Number(s) ||
    Number(oh ?? 0) > 23 ||
    Number(om ?? 0) > 59
  ) {
    return null;
  }
  return new Date(local - offsetMin * 60_000);
}

/** A Salesforce date (`2026-11-20`) as written; null when it is not a real date. */
export function parseSalesforceDate(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const m = DATE.exec(text);
  if (!m) return null;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.toISOString().slice(0, 10) === text ? text : null;
}

/** An instant as Salesforce writes it: `2026-11-20T01:02:03.000+0000`. */
export function toSalesforceDateTime(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return date.toISOString().replace(/Z$/, '+0000');
}

/** A SOQL datetime literal, floored to the second: the documented literal formats have no fraction. */
export function toSoqlDateTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}
