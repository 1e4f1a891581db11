// The page's rules on their own: reading the details field, the live SLA status (the backend's
// rule), time left, reasons per verdict and the form's validation.
import {
  errorMessage,
  fill,
  formatDuration,
  liveStatus,
  parseDetails,
  reasonOptions,
  timeLeftText,
  validateVerdict,
} from '../leadHandoffView';

const fixtures = require('./data/lead-page-fixtures.json');

const LABELS = {
  timeLeft: '{0} left',
  timeOverdue: '{0} overdue',
  hoursMinutes: '{0} h {1} min',
  daysHours: '{0} d {1} h',
  verdictRequired: 'verdict?',
  reasonRequired: 'reason?',
  noteTooLong: '{0}>{1}',
};

const DUE = '2026-11-24T01:00:00.000Z';
const WARN = '2026-11-23T23:00:00.000Z';
const open = { status: 'on_track', dueAt: DUE, warnAt: WARN, metAt: null };
const at = (iso) => new Date(iso).getTime();

describe('parseDetails', () => {
  it('reads the document the backend writes', () => {
    const value = fixtures.scenarios.onTrack.record.fields.MQL_Handoff_Details__c.value;
    const parsed = parseDetails(value);
    expect(parsed.state).toBe('ok');
    expect(parsed.details.status).toBe('mql');
    expect(parsed.details.grounds).toHaveLength(7);
    expect(parsed.details.handoff.dueAt).toBe(fixtures.handoff.dueAt);
  });

  it('tells an empty field, a broken one and an unknown format apart', () => {
    expect(parseDetails(null)).toEqual({ state: 'empty' });
    expect(parseDetails('  ')).toEqual({ state: 'empty' });
    expect(parseDetails('{not json')).toEqual({ state: 'invalid' });
    expect(parseDetails('[1]')).toEqual({ state: 'invalid' });
    expect(parseDetails('{"format":1}')).toEqual({ state: 'invalid' });
    expect(parseDetails('{"format":2}')).toEqual({ state: 'unknown_format', format: '2' });
  });
});

describe('liveStatus', () => {
  it.each([
    ['2026-11-23T22:59:59.999Z', 'on_track'],
    [WARN, 'due_soon'],
    ['2026-11-24T00:59:59.999Z', 'due_soon'],
    [DUE, 'breached'],
  ])('at %s an open deadline is %s', (now, expected) => {
    expect(liveStatus(open, at(now))).toBe(expected);
  });

  it('keeps a met deadline met, or breached when met late, whatever the time', () => {
    expect(liveStatus({ ...open, status: 'met', metAt: DUE }, at('2026-12-01T00:00:00Z'))).toBe('met');
    expect(liveStatus({ ...open, status: 'breached', metAt: '2026-11-24T01:00:00.001Z' }, at(DUE))).toBe(
      'breached',
    );
  });

  it('has nothing running without a due time', () => {
    expect(liveStatus({ status: 'not_started', dueAt: null, warnAt: null, metAt: null }, at(DUE))).toBe(
      'not_started',
    );
  });
});

describe('time left', () => {
  it('counts hours and minutes under two days, days and hours beyond', () => {
    expect(formatDuration(59 * 60000 + 59999, LABELS)).toBe('0 h 59 min');
    expect(formatDuration(47 * 3600000 + 59 * 60000, LABELS)).toBe('47 h 59 min');
    expect(formatDuration(2 * 86400000 + 5 * 3600000, LABELS)).toBe('2 d 5 h');
  });

  it('is left before the due time, overdue after, and nothing once met', () => {
    expect(timeLeftText(open, 'on_track', at('2026-11-23T22:00:00Z'), LABELS)).toBe('3 h 0 min left');
    expect(timeLeftText(open, 'breached', at('2026-11-24T01:30:00Z'), LABELS)).toBe('0 h 30 min overdue');
    expect(timeLeftText({ ...open, metAt: DUE }, 'met', at(DUE), LABELS)).toBeNull();
  });
});

describe('reasons and validation', () => {
  const picklist = fixtures.reasonPicklist;

  it('offers only the reasons of the chosen verdict', () => {
    expect(reasonOptions(picklist, 'accepted').map((r) => r.value)).toEqual(['budget-confirmed']);
    expect(reasonOptions(picklist, '')).toEqual([]);
    expect(reasonOptions(undefined, 'accepted')).toEqual([]);
  });

  it('offers every reason when an admin made the picklist independent', () => {
    const independent = { ...picklist, controllerValues: {} };
    expect(reasonOptions(independent, 'accepted')).toHaveLength(picklist.values.length);
  });

  it('refuses a reason of another verdict and a note over 2,000 characters', () => {
    expect(validateVerdict({ verdict: 'accepted', reason: 'no-budget', note: '' }, picklist, LABELS)).toEqual(
      {
        reason: 'reason?',
      },
    );
    expect(
      validateVerdict({ verdict: 'maybe', reason: '', note: 'x'.repeat(2001) }, picklist, LABELS),
    ).toEqual({
      verdict: 'verdict?',
      reason: 'reason?',
      note: '2001>2000',
    });
    expect(
      validateVerdict(
        { verdict: 'accepted', reason: 'budget-confirmed', note: 'x'.repeat(2000) },
        picklist,
        LABELS,
      ),
    ).toEqual({});
  });

  it('fills label templates and reads Lightning Data Service errors', () => {
    expect(fill('{0} / {1}', 3, 2000)).toBe('3 / 2000');
    expect(errorMessage({ body: { message: 'no access' } })).toBe('no access');
    expect(
      errorMessage({ body: { output: { errors: [], fieldErrors: { X__c: [{ message: 'too long' }] } } } }),
    ).toBe('too long');
    expect(errorMessage({ body: [{ message: 'a' }, { message: 'b' }] })).toBe('a b');
  });
});
