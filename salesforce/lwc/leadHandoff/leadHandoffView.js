// What the Lead page shows, as plain functions of the Lead's fields, the picklist and the time:
// no Lightning imports here, so every rule is testable on its own.

/** The details format this page reads (LEAD_PAGE_DETAILS_FORMAT in src/domain/lead-page-details.ts). */
export const DETAILS_FORMAT = 1;
/** The verdict note limit, as on the HubSpot card and the verdict route. */
export const NOTE_MAX_LENGTH = 2000;
export const VERDICTS = ['accepted', 'rejected', 'recycled'];

const MINUTE = 60000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Fills `{0}`, `{1}` in a custom label. */
export function fill(template, ...values) {
  return String(template).replace(/\{(\d+)\}/g, (match, index) =>
    values[Number(index)] === undefined ? match : String(values[Number(index)]),
  );
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The details field's JSON: `empty` when the backend has not written it, `invalid` when it is not
 * the document, `unknown_format` when a newer backend wrote a format this page does not know.
 */
export function parseDetails(text) {
  if (text === null || text === undefined || String(text).trim() === '') return { state: 'empty' };
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: 'invalid' };
  }
  if (!isObject(data)) return { state: 'invalid' };
  if (data.format !== DETAILS_FORMAT) return { state: 'unknown_format', format: String(data.format) };
  if (!isObject(data.mql) || !Array.isArray(data.mql.grounds)) return { state: 'invalid' };
  const deadline = (d) => ({
    status: isObject(d) && typeof d.status === 'string' ? d.status : 'not_started',
    dueAt: isObject(d) ? (d.dueAt ?? null) : null,
    warnAt: isObject(d) ? (d.warnAt ?? null) : null,
    metAt: isObject(d) ? (d.metAt ?? null) : null,
  });
  return {
    state: 'ok',
    details: {
      definitionVersion: data.definitionVersion ?? null,
      status: data.mql.status === 'mql' ? 'mql' : 'not_mql',
      qualifiedAt: data.mql.qualifiedAt ?? null,
      grounds: data.mql.grounds.filter(isObject),
      handoff: deadline(data.handoff),
      verdictDue: deadline(data.verdictDue),
      shared: isObject(data.shared) ? data.shared : {},
      writtenAt: data.writtenAt ?? null,
      truncated: data.truncated === true,
    },
  };
}

function ms(iso) {
  const value = iso === null || iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/**
 * The deadline's status now, by the backend's rule (src/domain/sla-status.ts): met by the due time
 * is `met`, later is `breached`; unmet, `breached` from the due time, `due_soon` from the warning
 * time, `on_track` before. The page moves the status on by itself between the backend's writes.
 */
export function liveStatus(deadline, nowMs) {
  const due = ms(deadline.dueAt);
  const met = ms(deadline.metAt);
  if (met !== null || deadline.status === 'met') {
    if (met === null || due === null) return deadline.status;
    return met <= due ? 'met' : 'breached';
  }
  if (due === null) return 'not_started';
  if (nowMs >= due) return 'breached';
  const warn = ms(deadline.warnAt);
  if (warn !== null && nowMs >= warn) return 'due_soon';
  return 'on_track';
}

/** "5 h 20 min" under two days, "3 d 4 h" beyond: wall-clock time to or past the due instant. */
export function formatDuration(msAbs, labels) {
  if (msAbs >= 2 * DAY) {
    return fill(labels.daysHours, Math.floor(msAbs / DAY), Math.floor((msAbs % DAY) / HOUR));
  }
  return fill(labels.hoursMinutes, Math.floor(msAbs / HOUR), Math.floor((msAbs % HOUR) / MINUTE));
}

/** Time left (or overdue) while the deadline's clock runs; null once met or before it starts. */
export function timeLeftText(deadline, status, nowMs, labels) {
  const due = ms(deadline.dueAt);
  if (due === null || status === 'met' || status === 'not_started' || ms(deadline.metAt) !== null) {
    return null;
  }
  const left = due - nowMs;
  return left >= 0
    ? fill(labels.timeLeft, formatDuration(left, labels))
    : fill(labels.timeOverdue, formatDuration(-left, labels));
}

/**
 * The reasons of one verdict, from the reason field's picklist: it depends on the verdict field
 * (controllerValues maps a verdict to its index, validFor lists the indexes a reason belongs to).
 */
export function reasonOptions(picklist, verdict) {
  if (!picklist || !Array.isArray(picklist.values) || !verdict) return [];
  const controllers = picklist.controllerValues || {};
  const index = controllers[verdict];
  // An independent picklist (an admin removed the dependency): every reason is offered.
  const filtered =
    Object.keys(controllers).length === 0
      ? picklist.values
      : picklist.values.filter((v) => index !== undefined && (v.validFor || []).includes(index));
  return filtered.map((v) => ({ label: v.label, value: v.value }));
}

/** Problems of the verdict form, by field; empty when it can be saved. */
export function validateVerdict(form, picklist, labels) {
  const errors = {};
  if (!VERDICTS.includes(form.verdict)) errors.verdict = labels.verdictRequired;
  const reasons = reasonOptions(picklist, form.verdict);
  if (!form.reason || !reasons.some((r) => r.value === form.reason)) errors.reason = labels.reasonRequired;
  const length = (form.note || '').length;
  if (length > NOTE_MAX_LENGTH) errors.note = fill(labels.noteTooLong, length, NOTE_MAX_LENGTH);
  return errors;
}

const formats = new Map();

/** An instant in the user's locale and Salesforce time zone; the raw text when it is not a date. */
export function formatInstant(iso, locale, timeZone, withTime = true) {
  const value = ms(iso);
  if (value === null) return iso ? String(iso) : '';
  const key = `${locale}|${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    const options = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(undefined, options);
    }
    formats.set(key, format);
  }
  return format.format(new Date(value));
}

/** The message of a Lightning Data Service error (wire or updateRecord). */
export function errorMessage(error) {
  if (!error) return '';
  const body = error.body;
  if (body && body.output && Array.isArray(body.output.errors) && body.output.errors.length > 0) {
    return body.output.errors.map((e) => e.message).join(' ');
  }
  if (body && body.output && isObject(body.output.fieldErrors)) {
    const messages = Object.values(body.output.fieldErrors)
      .flat()
      .map((e) => e.message);
    if (messages.length > 0) return messages.join(' ');
  }
  if (Array.isArray(body)) return body.map((e) => e.message).join(' ');
  if (body && typeof body.message === 'string') return body.message;
  return typeof error.message === 'string' ? error.message : String(error);
}
