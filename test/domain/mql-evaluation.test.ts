import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoInstant, readInstant, readNumericValue } from '../../src/domain/conditions.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import { formatIssues, parseDefinitions } from '../../src/domain/definitions.ts';
import type { Ground, HistoryEntry, MqlContact } from '../../src/domain/mql-evaluation.ts';
import { evaluateCondition, evaluateMql, qualifiedAtFromGrounds } from '../../src/domain/mql-evaluation.ts';

const SHIPPED = readFileSync(new URL('../../config/definitions.yaml', import.meta.url), 'utf8');
const AT = new Date('2026-11-20T03:00:00.000Z');
const DAY = 86_400_000;

function load(text: string): Definitions {
  const result = parseDefinitions(text, 'defs.yaml');
  if (!result.ok) throw new Error(formatIssues(result.error));
  return result.value;
}

const EXAMPLE = load(SHIPPED);

/** The shipped agreement with its attributes replaced, to exercise one operator at a time. */
function withAttributes(attributes: string, atLeast = 1): Definitions {
  const text = SHIPPED.replace(
    / {2}attributes:\n[\s\S]*? {2}behaviours:\n/,
    `  attributes:\n${attributes}\n  behaviours:\n`,
  );
  return load(
    text.replace('atLeast: 1', `atLeast: ${atLeast}`).replace(/, contradicts: \[(role|company-size)\]/g, ''),
  );
}

const QUALIFYING: Record<string, string> = {
  industry: 'COMPUTER_SOFTWARE',
  numemployees: '50-100',
  jobtitle: '営業部長',
  whitepaper_downloaded_at: String(AT.getTime() - 10 * DAY),
  hubspotscore: '75',
};

function contact(
  properties: Record<string, string | null>,
  history: Record<string, HistoryEntry[]> = {},
): MqlContact {
  return { properties, history };
}

function ground(evaluation: { grounds: readonly Ground[] }, id: string): Ground {
  const found = evaluation.grounds.find((g) => g.conditionId === id);
  if (!found) throw new Error(`no ground ${id}`);
  return found;
}

/** Evaluates a single-attribute definition against one value of `p`. */
function attributeMet(operator: string, value: string | null): Ground {
  const defs = withAttributes(`    - { id: a, label: A, property: p, ${operator} }`);
  return ground(evaluateMql(defs, contact({ ...QUALIFYING, p: value }), AT), 'a');
}

describe('evaluateMql', () => {
  it('qualifies a contact meeting every attribute, one behaviour and the score, with one ground per condition', () => {
    const evaluation = evaluateMql(EXAMPLE, contact(QUALIFYING), AT);
    expect(evaluation.status).toBe('mql');
    expect(evaluation.grounds.map((g) => [g.conditionId, g.kind, g.met])).toEqual([
      ['industry', 'attribute', true],
      ['company-size', 'attribute', true],
      ['role', 'attribute', true],
      ['whitepaper', 'behaviour', true],
      ['seminar', 'behaviour', false],
      ['pricing', 'behaviour', false],
      ['score', 'score', true],
    ]);
    expect(ground(evaluation, 'industry')).toEqual({
      conditionId: 'industry',
      kind: 'attribute',
      label: 'ターゲット業種',
      met: true,
      property: 'industry',
      value: 'COMPUTER_SOFTWARE',
      evidenceAt: null,
    });
  });

  it('does not qualify when one attribute is unmet, whatever the behaviours', () => {
    const evaluation = evaluateMql(
      EXAMPLE,
      contact({ ...QUALIFYING, industry: 'RETAIL', seminar_attended_at: '2026-11-19' }),
      AT,
    );
    expect(evaluation.status).toBe('not_mql');
    expect(evaluation.qualifiedAt).toBeNull();
  });

  it('does not qualify without enough behaviours', () => {
    const none = { ...QUALIFYING, whitepaper_downloaded_at: null };
    expect(evaluateMql(EXAMPLE, contact(none), AT).status).toBe('not_mql');
    const twoNeeded = withAttributes('    - { id: a, label: A, property: industry, exists: true }', 2);
    expect(evaluateMql(twoNeeded, contact(QUALIFYING), AT).status).toBe('not_mql');
    const two = { ...QUALIFYING, pricing_page_viewed_at: '2026-11-19' };
    expect(evaluateMql(twoNeeded, contact(two), AT).status).toBe('mql');
  });

  it('needs no behaviour when atLeast is 0', () => {
    const defs = withAttributes('    - { id: a, label: A, property: industry, exists: true }', 0);
    expect(evaluateMql(defs, contact({ ...QUALIFYING, whitepaper_downloaded_at: null }), AT).status).toBe(
      'mql',
    );
  });

  it('leaves a missing or emptied property unmet, with no value and no evidence', () => {
    const missing = { ...QUALIFYING };
    delete missing.hubspotscore;
    const evaluation = evaluateMql(EXAMPLE, contact(missing), AT);
    expect(evaluation.status).toBe('not_mql');
    expect(ground(evaluation, 'score')).toMatchObject({ met: false, value: null, evidenceAt: null });
    const emptied = evaluateMql(EXAMPLE, contact({ ...QUALIFYING, hubspotscore: '' }), AT);
    expect(ground(emptied, 'score')).toMatchObject({ met: false, value: null });
  });

  it('reads numbers sent as strings, and ranges by their lower bound', () => {
    const size = (value: string) =>
      ground(evaluateMql(EXAMPLE, contact({ ...QUALIFYING, numemployees: value }), AT), 'company-size').met;
    expect(size('50')).toBe(true);
    expect(size('49')).toBe(false);
    expect(size('50-100')).toBe(true);
    expect(size('25-50')).toBe(false);
    expect(size('1000+')).toBe(true);
    expect(size('1,000')).toBe(true);
    expect(size('10,000+')).toBe(true);
    const score = (value: string) =>
      ground(evaluateMql(EXAMPLE, contact({ ...QUALIFYING, hubspotscore: value }), AT), 'score').met;
    expect(score('60.0')).toBe(true);
    expect(score('59.5')).toBe(false);
  });

  it('leaves a non-numeric employee count unmet and shows the raw value', () => {
    const evaluation = evaluateMql(EXAMPLE, contact({ ...QUALIFYING, numemployees: 'abc' }), AT);
    expect(evaluation.status).toBe('not_mql');
    expect(ground(evaluation, 'company-size')).toMatchObject({ met: false, value: 'abc' });
  });

  it('compares gt, lt and lte at their boundaries', () => {
    expect(attributeMet('gt: 10', '10').met).toBe(false);
    expect(attributeMet('gt: 10', '11').met).toBe(true);
    expect(attributeMet('lt: 10', '10').met).toBe(false);
    expect(attributeMet('lt: 10', '9.99').met).toBe(true);
    expect(attributeMet('lte: 10', '10').met).toBe(true);
    expect(attributeMet('lte: 10', '5-25').met).toBe(true);
    expect(attributeMet('lte: 10', 'ten').met).toBe(false);
  });

  it('compares eq as text, and as numbers when both are numbers', () => {
    expect(attributeMet('eq: JP', 'JP').met).toBe(true);
    expect(attributeMet('eq: JP', 'jp').met).toBe(false);
    expect(attributeMet('eq: 50', '50.0').met).toBe(true);
    expect(attributeMet('eq: 50', '50-100').met).toBe(false);
    expect(attributeMet('eq: true', 'true').met).toBe(true);
    expect(attributeMet('eq: true', 'false').met).toBe(false);
  });

  it('meets in when any option of a multi-checkbox value is listed', () => {
    const industry = (value: string) =>
      ground(evaluateMql(EXAMPLE, contact({ ...QUALIFYING, industry: value }), AT), 'industry');
    expect(industry('MACHINERY').met).toBe(true);
    expect(industry('RETAIL;MACHINERY')).toMatchObject({ met: true, value: 'RETAIL;MACHINERY' });
    expect(industry('RETAIL;FOOD').met).toBe(false);
    expect(industry('MACHINERY_PARTS').met).toBe(false);
    expect(attributeMet('in: [1, 2]', '2').met).toBe(true);
  });

  it('tests matches as a regular expression', () => {
    const role = (value: string) =>
      ground(evaluateMql(EXAMPLE, contact({ ...QUALIFYING, jobtitle: value }), AT), 'role').met;
    expect(role('営業部長')).toBe(true);
    expect(role('Sales Director')).toBe(true);
    expect(role('Engineer')).toBe(false);
  });

  it('meets exists by presence, and exists: false by absence', () => {
    expect(attributeMet('exists: true', 'x').met).toBe(true);
    expect(attributeMet('exists: true', null).met).toBe(false);
    expect(attributeMet('exists: false', null).met).toBe(true);
    expect(attributeMet('exists: false', 'x').met).toBe(false);
  });

  describe('withinDays', () => {
    const pricing = (value: string) =>
      ground(evaluateMql(EXAMPLE, contact({ ...QUALIFYING, pricing_page_viewed_at: value }), AT), 'pricing');

    it('counts a datetime exactly N days old, not one millisecond older', () => {
      expect(pricing(String(AT.getTime() - 30 * DAY)).met).toBe(true);
      expect(pricing(String(AT.getTime() - 30 * DAY - 1)).met).toBe(false);
      expect(pricing(new Date(AT.getTime() - 30 * DAY).toISOString()).met).toBe(true);
      expect(pricing(new Date(AT.getTime() - 30 * DAY - 1000).toISOString()).met).toBe(false);
    });

    it('reads relative to the instant given, not the wall clock', () => {
      const value = String(AT.getTime() - 20 * DAY);
      const later = new Date(AT.getTime() + 11 * DAY);
      expect(pricing(value).met).toBe(true);
      const evaluation = evaluateMql(
        EXAMPLE,
        contact({ ...QUALIFYING, pricing_page_viewed_at: value }),
        later,
      );
      expect(ground(evaluation, 'pricing').met).toBe(false);
    });

    it('does not count a datetime after the instant', () => {
      expect(pricing(String(AT.getTime())).met).toBe(true);
      expect(pricing(String(AT.getTime() + 1)).met).toBe(false);
    });

    it('reads a date-only value as its whole day', () => {
      // AT is 2026-11-20T03:00Z; 30 days before is 2026-10-21T03:00Z.
      expect(pricing('2026-10-21').met).toBe(true);
      expect(pricing('2026-10-20').met).toBe(false);
      expect(pricing('2026-11-20').met).toBe(true);
      expect(pricing('2026-11-21').met).toBe(false);
    });

    it('leaves a value that is not a date unmet, showing it', () => {
      expect(pricing('soon')).toMatchObject({ met: false, value: 'soon' });
      expect(pricing('2026-02-30')).toMatchObject({ met: false });
    });
  });

  describe('evidenceAt', () => {
    it('is the start of the current run of the value in the history', () => {
      const history = {
        hubspotscore: [
          { value: '75', timestamp: '2026-11-10T00:00:00.000Z' },
          { value: '75', timestamp: '2026-11-05T00:00:00.000Z' },
          { value: '40', timestamp: '2026-10-01T00:00:00.000Z' },
          { value: '75', timestamp: '2026-09-01T00:00:00.000Z' },
        ],
      };
      const evaluation = evaluateMql(EXAMPLE, contact(QUALIFYING, history), AT);
      expect(ground(evaluation, 'score').evidenceAt).toBe('2026-11-05T00:00:00.000Z');
    });

    it('reads epoch-millisecond history timestamps', () => {
      const history = { industry: [{ value: 'COMPUTER_SOFTWARE', timestamp: '1793577600000' }] };
      const evaluation = evaluateMql(EXAMPLE, contact(QUALIFYING, history), AT);
      expect(ground(evaluation, 'industry').evidenceAt).toBe(new Date(1793577600000).toISOString());
    });

    it('is unknown when the newest history entry is not the current value', () => {
      const history = { hubspotscore: [{ value: '40', timestamp: '2026-11-10T00:00:00.000Z' }] };
      const evaluation = evaluateMql(EXAMPLE, contact(QUALIFYING, history), AT);
      expect(ground(evaluation, 'score').evidenceAt).toBeNull();
    });

    it('is shown for an unmet condition too: when the deciding value was set', () => {
      const history = { numemployees: [{ value: 'abc', timestamp: '2026-11-02T00:00:00.000Z' }] };
      const evaluation = evaluateMql(EXAMPLE, contact({ ...QUALIFYING, numemployees: 'abc' }, history), AT);
      expect(ground(evaluation, 'company-size')).toMatchObject({
        met: false,
        evidenceAt: '2026-11-02T00:00:00.000Z',
      });
    });

    it('falls back to the date itself for a behaviour without history', () => {
      const evaluation = evaluateMql(
        EXAMPLE,
        contact({ ...QUALIFYING, seminar_attended_at: '2026-11-01' }),
        AT,
      );
      expect(ground(evaluation, 'seminar').evidenceAt).toBe('2026-11-01T00:00:00.000Z');
    });
  });

  it('dates the qualification at the latest evidence it needed, ignoring extra behaviours', () => {
    const properties = {
      ...QUALIFYING,
      whitepaper_downloaded_at: '2026-11-01',
      seminar_attended_at: '2026-11-15',
    };
    const history = {
      industry: [{ value: 'COMPUTER_SOFTWARE', timestamp: '2026-10-01T00:00:00.000Z' }],
      hubspotscore: [{ value: '75', timestamp: '2026-11-03T00:00:00.000Z' }],
    };
    const evaluation = evaluateMql(EXAMPLE, contact(properties, history), AT);
    // The score reached 75 on 11-03, after the whitepaper (11-01); the seminar (11-15) was not needed.
    expect(evaluation.qualifiedAt).toBe('2026-11-03T00:00:00.000Z');
    expect(qualifiedAtFromGrounds(evaluation.grounds, 1)).toBe('2026-11-03T00:00:00.000Z');
    expect(qualifiedAtFromGrounds(evaluation.grounds)).toBe('2026-11-15T00:00:00.000Z');
  });

  it('dates the qualification at the behaviour when the behaviour came last', () => {
    const history = { hubspotscore: [{ value: '75', timestamp: '2026-11-03T00:00:00.000Z' }] };
    const evaluation = evaluateMql(
      EXAMPLE,
      contact({ ...QUALIFYING, whitepaper_downloaded_at: '2026-11-12' }, history),
      AT,
    );
    expect(evaluation.qualifiedAt).toBe('2026-11-12T00:00:00.000Z');
  });
});

describe('evaluateCondition', () => {
  it('tells when the handoff condition was met, from the owner history', () => {
    const history = { hubspot_owner_id: [{ value: '42', timestamp: '2026-11-20T01:00:00.000Z' }] };
    expect(evaluateCondition(EXAMPLE.handoff.handedOffWhen, { hubspot_owner_id: '42' }, history, AT)).toEqual(
      {
        met: true,
        value: '42',
        evidenceAt: '2026-11-20T01:00:00.000Z',
      },
    );
    expect(evaluateCondition(EXAMPLE.handoff.handedOffWhen, { hubspot_owner_id: null }, {}, AT).met).toBe(
      false,
    );
  });
});

describe('reading HubSpot values', () => {
  it('formats instants exactly as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 }), (ms) => {
        expect(formatIsoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    expect(formatIsoInstant(Date.UTC(2028, 1, 29, 23, 59, 59, 999))).toBe('2028-02-29T23:59:59.999Z');
  });

  it('reads epoch milliseconds, dates and ISO datetimes, and nothing else', () => {
    expect(readInstant('1793577600000')).toEqual({ ms: 1793577600000, dateOnly: false });
    expect(readInstant(' 2026-11-02 ')).toEqual({ ms: Date.UTC(2026, 10, 2), dateOnly: true });
    expect(readInstant('2028-02-29')?.dateOnly).toBe(true);
    expect(readInstant('2026-02-29')).toBeNull();
    expect(readInstant('2026-13-01')).toBeNull();
    expect(readInstant('2026-1a-01')).toBeNull();
    expect(readInstant('2026-11-02T09:00:00+09:00')).toEqual({ ms: Date.UTC(2026, 10, 2), dateOnly: false });
    expect(readInstant('next week')).toBeNull();
    expect(readInstant('42')).toBeNull();
  });

  it('reads numbers and ranges by their lower bound', () => {
    expect(readNumericValue('50-100')).toBe(50);
    expect(readNumericValue('50 - 100')).toBe(50);
    expect(readNumericValue('1000+')).toBe(1000);
    expect(readNumericValue('1,000')).toBe(1000);
    expect(readNumericValue('-3')).toBe(-3);
    expect(readNumericValue('1e3')).toBeNull();
    expect(readNumericValue('0x10')).toBeNull();
    expect(readNumericValue('abc')).toBeNull();
  });
});
