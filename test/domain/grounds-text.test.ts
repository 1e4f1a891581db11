import { describe, expect, it } from 'vitest';
import { formatGroundsText, GROUNDS_TEXT_MAX_CHARS } from '../../src/domain/grounds-text.ts';
import type { Ground } from '../../src/domain/mql-evaluation.ts';

const TOKYO = { timezone: 'Asia/Tokyo' };

function ground(overrides: Partial<Ground>): Ground {
  return {
    conditionId: 'industry',
    kind: 'attribute',
    label: 'ターゲット業種',
    met: true,
    property: 'industry',
    value: 'COMPUTER_SOFTWARE',
    evidenceAt: null,
    ...overrides,
  };
}

describe('formatGroundsText', () => {
  it('writes one line per condition with its mark, value and local evidence date', () => {
    const text = formatGroundsText(TOKYO, [
      // 2026-11-01T16:00Z is already 2026-11-02 in Tokyo.
      ground({ evidenceAt: '2026-11-01T16:00:00.000Z' }),
      ground({
        conditionId: 'company-size',
        label: '従業員50名以上',
        met: false,
        property: 'numemployees',
        value: 'abc',
      }),
      ground({
        conditionId: 'score',
        label: 'リードスコア60以上',
        met: false,
        property: 'hubspotscore',
        value: null,
      }),
    ]);
    expect(text).toBe(
      [
        '✔ ターゲット業種 (industry = COMPUTER_SOFTWARE, 2026-11-02)',
        '✘ 従業員50名以上 (numemployees = abc)',
        '✘ リードスコア60以上 (hubspotscore no value)',
      ].join('\n'),
    );
  });

  it('keeps a multi-line value on its own line', () => {
    expect(formatGroundsText(TOKYO, [ground({ value: 'a\nb' })])).toBe('✔ ターゲット業種 (industry = a b)');
  });

  it('stays within the HubSpot property limit without splitting a character', () => {
    const grounds = Array.from({ length: 400 }, (_, i) =>
      ground({ conditionId: `c${i}`, label: '𠮷'.repeat(200), value: '𠮷'.repeat(300) }),
    );
    const text = formatGroundsText(TOKYO, grounds);
    expect(text.length).toBeLessThanOrEqual(GROUNDS_TEXT_MAX_CHARS);
    expect(text.endsWith('…')).toBe(true);
    expect(text).toBe(Buffer.from(text, 'utf8').toString('utf8'));
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
