// The Lead page for a Japanese user in Tokyo: the ja custom labels and dates in Japan time.
import { $, $$, choose, groundRow, mount, submit, text, unmountAll } from './mount';

jest.mock('@salesforce/i18n/lang', () => ({ default: 'ja' }), { virtual: true });
jest.mock('@salesforce/i18n/locale', () => ({ default: 'ja-JP' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'Asia/Tokyo' }), { virtual: true });

afterEach(unmountAll);

describe('c-lead-handoff in Japanese', () => {
  it('words the page with the ja labels and dates it in Japan time', async () => {
    const element = await mount('dueSoon');
    expect(text($(element, 'mql-status'))).toBe('MQL');
    expect(text($(element, 'qualified-at'))).toBe('2026/11/20 10:02 に MQL 化');
    expect(groundRow($$(element, 'ground')[0])).toEqual([
      'ターゲット業種',
      '達成',
      'COMPUTER_SOFTWARE',
      'industry',
      '2026/11/02',
    ]);
    const handoff = $(element, 'deadline-handoff');
    expect(text(handoff.querySelector('dt'))).toBe('営業への引き渡し');
    expect(text(handoff.querySelector('[data-id="status"]'))).toBe('期限間近');
    // Tuesday 10:02 JST: the Monday holiday (勤労感謝の日) does not count.
    expect(text(handoff.querySelector('[data-id="due"]'))).toBe('期限 2026/11/24 10:02');
    expect(text(handoff.querySelector('[data-id="left"]'))).toBe('残り 1時間20分');
    expect(text($(element, 'challenge'))).toBe('営業とマーケの連携が属人的');
    expect(text($(element, 'shared'))).toContain('課題');
  });

  it('shows the verdict and its reason in Japanese', async () => {
    const element = await mount('verdictRecorded');
    expect(text($(element, 'verdict'))).toBe('受け入れ(SQL)');
    expect(text($(element, 'reason'))).toBe('理由: 予算・ニーズ確認済み');
    expect(text($(element, 'decided'))).toBe('2026/11/24 10:00 sato@example.co.jp が判定');
  });

  it('explains form problems in Japanese', async () => {
    const element = await mount('onTrack');
    await submit(element);
    expect(text($(element, 'verdict-error'))).toBe('判定を選んでください。');
    await choose(element, 'verdict', 'rejected');
    await submit(element);
    expect(text($(element, 'reason-error'))).toBe('この判定の理由を選んでください。');
  });
});
