import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Definitions, DefinitionsIssue } from '../../src/domain/definitions.ts';
import { DEFAULT_PROPERTY_NAMES, formatIssues, parseDefinitions } from '../../src/domain/definitions.ts';

const SHIPPED = readFileSync(new URL('../../config/definitions.yaml', import.meta.url), 'utf8');
const REORDERED = readFileSync(new URL('../fixtures/definitions/reordered.yaml', import.meta.url), 'utf8');

function valid(text: string): Definitions {
  const result = parseDefinitions(text, 'defs.yaml');
  if (!result.ok) throw new Error(formatIssues(result.error));
  return result.value;
}

function issues(text: string): DefinitionsIssue[] {
  const result = parseDefinitions(text, 'defs.yaml');
  if (result.ok) throw new Error('expected the definitions to be refused');
  return result.error;
}

function edit(from: string | RegExp, to: string): string {
  const text = SHIPPED.replace(from, to);
  if (text === SHIPPED) throw new Error(`edit did not apply: ${String(from)}`);
  return text;
}

/** 1-based line of the first line of the text containing the needle. */
function lineContaining(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

describe('parseDefinitions', () => {
  it('reads the shipped agreement into conditions in definition order', () => {
    const defs = valid(SHIPPED);
    expect(defs.version).toBe('2026-11');
    expect(defs.timezone).toBe('Asia/Tokyo');
    expect(defs.calendar).toEqual({
      timezone: 'Asia/Tokyo',
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { start: '09:00', end: '18:00' },
      holidays: 'japan',
      closures: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'],
    });
    expect(defs.conditions.map((c) => [c.id, c.kind])).toEqual([
      ['industry', 'attribute'],
      ['company-size', 'attribute'],
      ['role', 'attribute'],
      ['whitepaper', 'behaviour'],
      ['seminar', 'behaviour'],
      ['pricing', 'behaviour'],
      ['score', 'score'],
    ]);
    expect(defs.conditions[1]?.operator).toEqual({ op: 'gte', value: 50 });
    expect(defs.conditions[3]?.operator).toEqual({ op: 'withinDays', days: 90 });
    const role = defs.conditions[2]?.operator;
    expect(role?.op === 'matches' && role.regex.test('営業部長')).toBe(true);
    expect(defs.behavioursAtLeast).toBe(1);
  });

  it('reads the handoff, the reasons and every property the agreement reads', () => {
    const defs = valid(SHIPPED);
    expect(defs.handoff.clock).toBe('business');
    expect(defs.handoff.within).toEqual({ amount: 1, unit: 'd', text: '1d' });
    expect(defs.handoff.verdictWithin.text).toBe('2d');
    expect(defs.handoff.warnBefore.text).toBe('2h');
    expect(defs.handoff.escalateAfter.text).toBe('1d');
    expect(defs.handoff.handedOffWhen).toEqual({
      property: 'hubspot_owner_id',
      operator: { op: 'exists', value: true },
    });
    expect(defs.handoff.share).toEqual({
      industry: 'industry',
      challenge: 'challenge',
      productInterest: 'product_interest',
    });
    expect(defs.reasons).toContainEqual({
      code: 'no-budget',
      label: '予算なし',
      verdict: 'rejected',
      contradicts: ['score'],
    });
    expect(defs.reasons.map((r) => r.verdict)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'recycled',
    ]);
    expect(defs.propertiesRead).toEqual([
      'industry',
      'numemployees',
      'jobtitle',
      'whitepaper_downloaded_at',
      'seminar_attended_at',
      'pricing_page_viewed_at',
      'hubspotscore',
      'hubspot_owner_id',
      'challenge',
      'product_interest',
    ]);
  });

  it('defaults the written property names to the contract and the lifecycle write-back to off', () => {
    const defs = valid(SHIPPED);
    expect(defs.properties).toEqual(DEFAULT_PROPERTY_NAMES);
    expect(defs.properties.mqlGrounds).toBe('mql_grounds');
    expect(defs.writeBack).toEqual({ lifecycleStageOnAccepted: false });
  });

  it('renames written properties and turns on the lifecycle write-back when asked', () => {
    const defs = valid(
      `${SHIPPED}\nproperties: { sqlVerdict: lh_verdict }\nwriteBack: { lifecycleStageOnAccepted: true }\n`,
    );
    expect(defs.properties.sqlVerdict).toBe('lh_verdict');
    expect(defs.properties.sqlVerdictReason).toBe('sql_verdict_reason');
    expect(defs.writeBack.lifecycleStageOnAccepted).toBe(true);
  });

  it('refuses two written properties with the same name', () => {
    const found = issues(`${SHIPPED}\nproperties: { sqlVerdict: sql_verdict_note }\n`);
    expect(found.map((i) => i.path)).toEqual(['properties.sqlVerdictNote']);
  });

  it('hashes the same content the same whatever the key order, quoting and comments', () => {
    expect(valid(REORDERED).hash).toBe(valid(SHIPPED).hash);
    expect(valid(`# a comment\n${SHIPPED}\n\n# another\n`).hash).toBe(valid(SHIPPED).hash);
    expect(valid(`${SHIPPED}\nwriteBack: { lifecycleStageOnAccepted: false }\n`).hash).toBe(
      valid(SHIPPED).hash,
    );
    expect(valid(SHIPPED).hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when the content changes', () => {
    const base = valid(SHIPPED).hash;
    expect(valid(edit('gte: 60', 'gte: 61')).hash).not.toBe(base);
    expect(valid(edit('label: 予算なし', 'label: 予算なし!')).hash).not.toBe(base);
    // Condition order decides the order of grounds, so it counts.
    const swapped = edit(
      /( {6}- \{ id: whitepaper.*\n)( {6}- \{ id: seminar.*\n)/,
      (SHIPPED.match(/ {6}- \{ id: seminar.*\n/)?.[0] ?? '') +
        (SHIPPED.match(/ {6}- \{ id: whitepaper.*\n/)?.[0] ?? ''),
    );
    expect(valid(swapped).hash).not.toBe(base);
  });

  it('names an unknown key with its path, line and the likely intended key', () => {
    const text = edit('verdictWithin: 2d', 'verdictWithn: 2d');
    expect(issues(text)).toEqual([
      {
        file: 'defs.yaml',
        path: 'handoff.verdictWithin',
        line: lineContaining(text, 'handoff:'),
        message: "missing required key 'verdictWithin'",
      },
      {
        file: 'defs.yaml',
        path: 'handoff.verdictWithn',
        line: lineContaining(text, 'verdictWithn'),
        message: "unknown key 'verdictWithn' (did you mean 'verdictWithin'?)",
      },
    ]);
  });

  it('refuses an unknown key at the top level', () => {
    const found = issues(`${SHIPPED}\nverison: "2"\n`);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('verison');
    expect(found[0]?.message).toContain("unknown key 'verison'");
  });

  it('names an unknown operator and where it is', () => {
    const text = edit('numemployees, gte: 50', 'numemployees, gtee: 50');
    const found = issues(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('mql.attributes[1].gtee');
    expect(found[0]?.line).toBe(lineContaining(text, 'gtee'));
    expect(found[0]?.message).toMatch(
      /^unknown operator 'gtee' at mql\.attributes\[1\] \(did you mean 'gte'\?/,
    );
  });

  it('calls a misspelt identity key an unknown key, not an operator', () => {
    const found = issues(edit('{ id: seminar, label:', '{ id: seminar, lable:'));
    expect(found.map((i) => i.path)).toEqual([
      'mql.behaviours.conditions[1].label',
      'mql.behaviours.conditions[1].lable',
    ]);
    expect(found[1]?.message).toBe(
      "unknown key 'lable' at mql.behaviours.conditions[1] (did you mean 'label'?)",
    );
  });

  it('refuses a condition with no operator or with two', () => {
    expect(issues(edit(', gte: 60 }', ' }'))).toEqual([
      expect.objectContaining({
        path: 'mql.score',
        message: expect.stringMatching(/^needs one operator/) as string,
      }),
    ]);
    expect(issues(edit(', gte: 60 }', ', gte: 60, lt: 90 }'))).toEqual([
      expect.objectContaining({ path: 'mql.score', message: 'has gte and lt: use exactly one operator' }),
    ]);
  });

  it('checks each operator value type', () => {
    const text = edit('gte: 60', 'gte: "sixty"');
    expect(issues(text)).toEqual([
      expect.objectContaining({ path: 'mql.score.gte', message: 'expected a number' }),
    ]);
    expect(issues(edit('withinDays: 30', 'withinDays: 0'))[0]?.path).toBe(
      'mql.behaviours.conditions[2].withinDays',
    );
    expect(issues(edit('exists: true', 'exists: yes'))[0]?.path).toBe('handoff.handedOffWhen.exists');
  });

  it('compiles regexes at load and names the key of a bad one', () => {
    const text = edit('VP|Head|Chief', 'VP|(Head|Chief');
    const found = issues(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('mql.attributes[2].matches');
    expect(found[0]?.line).toBe(lineContaining(text, '(Head'));
    expect(found[0]?.message).toContain('Invalid regular expression');
  });

  it('refuses a rejection that disputes a condition that does not exist', () => {
    const text = edit('contradicts: [score]', 'contradicts: [scor]');
    expect(issues(text)).toEqual([
      {
        file: 'defs.yaml',
        path: 'verdicts.rejected[0].contradicts[0]',
        line: lineContaining(text, '[scor]'),
        message:
          "'scor' is not a condition id (known: industry, company-size, role, whitepaper, seminar, pricing, score)",
      },
    ]);
  });

  it('refuses duplicate condition ids and reason codes', () => {
    const ids = issues(edit('{ id: seminar,', '{ id: whitepaper,'));
    expect(ids.map((i) => [i.path, i.message])).toEqual([
      ['mql.behaviours.conditions[1].id', "condition id 'whitepaper' is used twice"],
    ]);
    const codes = issues(edit('code: unreachable', 'code: no-budget'));
    expect(codes.map((i) => i.path)).toEqual(['verdicts.rejected[3].code']);
  });

  it('refuses more required behaviours than there are', () => {
    const found = issues(edit('atLeast: 1', 'atLeast: 4'));
    expect(found.map((i) => [i.path, i.message])).toEqual([
      ['mql.behaviours.atLeast', 'is 4 but there are only 3 behaviour conditions'],
    ]);
  });

  it('validates the timezone, the hours, the closures and the durations', () => {
    expect(issues(edit('timezone: Asia/Tokyo', 'timezone: Asia/Tokio'))[0]?.path).toBe('timezone');
    expect(issues(edit('end: "18:00"', 'end: "08:00"'))[0]).toMatchObject({
      path: 'calendar.hours.end',
      message: 'end must be after start',
    });
    expect(issues(edit('start: "09:00"', 'start: "9am"'))[0]?.path).toBe('calendar.hours.start');
    expect(issues(edit('"2027-01-03"', '"2027-02-30"'))[0]?.path).toBe('calendar.closures[4]');
    expect(issues(edit('warnBefore: 2h', 'warnBefore: 2 hours'))[0]).toMatchObject({
      path: 'handoff.warnBefore',
      message: 'expected a duration like 30m, 2h or 3d',
    });
    expect(issues(edit('within: 1d', 'within: 0d'))[0]?.path).toBe('handoff.within');
    expect(issues(edit('clock: business', 'clock: busines'))[0]?.path).toBe('handoff.clock');
    expect(issues(edit('holidays: japan', 'holidays: us'))[0]?.path).toBe('calendar.holidays');
  });

  it('lists every problem of the file at once, in file order', () => {
    const text = edit('timezone: Asia/Tokyo', 'timezone: Nowhere')
      .replace('contradicts: [role]', 'contradicts: [rolee]')
      .replace('verdictWithin: 2d', 'verdictWithn: 2d');
    const found = issues(text);
    expect(found.map((i) => i.path)).toEqual([
      'timezone',
      'handoff.verdictWithin',
      'handoff.verdictWithn',
      'verdicts.rejected[1].contradicts[0]',
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const found = issues('version: "1"\ntimezone: [Asia/Tokyo\n');
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBeGreaterThanOrEqual(2);
    expect(found[0]?.message).toMatch(/^YAML syntax error: /);
    expect(issues('version: "1"\nversion: "2"\n')[0]).toMatchObject({ line: 2 });
  });

  it('refuses an empty file', () => {
    expect(issues('')).toEqual([
      {
        file: 'defs.yaml',
        path: '',
        line: null,
        message: 'the file is empty or is not a YAML mapping of keys',
      },
    ]);
  });
});

describe('formatIssues', () => {
  it('prints one issue per line as file:line key.path: message', () => {
    expect(
      formatIssues([
        { file: 'a.yaml', path: 'handoff.within', line: 12, message: 'bad' },
        { file: 'a.yaml', path: '', line: null, message: 'file not found' },
      ]),
    ).toBe('a.yaml:12 handoff.within: bad\na.yaml: file not found');
  });
});
