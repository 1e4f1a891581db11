import {
  Alert,
  Button,
  DescriptionListItem,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  StatusTag,
  TableCell,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_URL, jsonResponse, leadCardFixture } from './lead-card-fixture.ts';
import { fakeBackend, renderCard, textOf } from './render-card.tsx';

afterEach(() => {
  vi.restoreAllMocks();
});

function rowTexts(card: ReturnType<typeof renderCard>, testId: string) {
  return card.find(TableRow, { testId }).findAll(TableCell).map(textOf);
}

describe('LeadHandoffCard', () => {
  it('shows a spinner while the card model loads', async () => {
    const fetch = fakeBackend(() => new Promise<Response>(() => undefined));
    const card = renderCard();

    await vi.waitFor(() => {
      expect(fetch.mock.calls).toHaveLength(1);
    });
    expect(card.find(LoadingSpinner).props.label).toBe('Loading lead handoff');
  });

  it('asks the backend for the contact on the record, through the profile BACKEND_URL', async () => {
    const fetch = fakeBackend(() => jsonResponse(leadCardFixture()));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(TableRow, { testId: 'ground-industry' })).not.toBeNull();
    });
    expect(fetch.mock.calls).toHaveLength(1);
    const [url, options] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(`${BACKEND_URL}/api/cards/lead?objectId=123`);
    expect(options?.method).toBe('GET');
    expect(options?.timeout).toBeLessThanOrEqual(15_000);
  });

  it('lists every condition with its met tag, value and evidence date in the portal time zone', async () => {
    fakeBackend(() => jsonResponse(leadCardFixture()));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.findAll(TableRow, (row) => row.props.testId?.startsWith('ground-') === true)).toHaveLength(
        3,
      );
    });
    const industry = card.find(TableRow, { testId: 'ground-industry' });
    expect(rowTexts(card, 'ground-industry')).toEqual([
      'ターゲット業種',
      'Met',
      'COMPUTER_SOFTWARE',
      'Nov 1, 2026, 7:00 PM',
    ]);
    expect(industry.find(Tag).props.variant).toBe('success');
    const size = card.find(TableRow, { testId: 'ground-company-size' });
    expect(rowTexts(card, 'ground-company-size')).toEqual(['従業員50名以上', 'Not met', '10-20', '—']);
    expect(size.find(Tag).props.variant).toBe('error');
  });

  it('shows the MQL status, definition version and when the contact qualified', async () => {
    fakeBackend(() => jsonResponse(leadCardFixture()));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(Tag, { testId: 'mql-status' })).not.toBeNull();
    });
    expect(card.find(Tag, { testId: 'mql-status' }).props.variant).toBe('success');
    expect(card.find(Tag, { testId: 'mql-status' }).text).toBe('MQL');
    expect(textOf(card.getRootNode())).toContain('Definition: 2026-11');
    expect(card.find(Text, { testId: 'mql-qualified-at' }).text).toBe('Qualified: Nov 19, 2026, 8:02 PM');
  });

  it('colours each deadline by its SLA status and tells the business hours left', async () => {
    fakeBackend(() =>
      jsonResponse(
        leadCardFixture({
          handoff: {
            dueAt: null,
            status: 'met',
            handedOffAt: '2026-11-20T02:00:00.000Z',
            ownerId: '7',
            businessMsLeft: null,
          },
          verdictDue: {
            dueAt: '2026-11-24T02:00:00.000Z',
            status: 'breached',
            businessMsLeft: -2 * 3_600_000,
          },
        }),
      ),
    );
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(StatusTag, { testId: 'sla-verdict' })).not.toBeNull();
    });
    expect(card.find(StatusTag, { testId: 'sla-handoff' }).props.variant).toBe('success');
    expect(card.maybeFind(Text, { testId: 'sla-handoff-left' })).toBeNull();
    expect(card.find(StatusTag, { testId: 'sla-verdict' }).props.variant).toBe('danger');
    expect(card.find(Text, { testId: 'sla-verdict-left' }).text).toBe('2 business hours overdue');
  });

  it('marks a deadline due soon in warning colours with the time left', async () => {
    fakeBackend(() => jsonResponse(leadCardFixture()));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(StatusTag, { testId: 'sla-handoff' })).not.toBeNull();
    });
    expect(card.find(StatusTag, { testId: 'sla-handoff' }).props.variant).toBe('warning');
    expect(card.find(Text, { testId: 'sla-handoff-left' }).text).toBe('5.5 business hours left');
    expect(card.find(StatusTag, { testId: 'sla-verdict' }).props.variant).toBe('default');
  });

  it('shows the shared customer information', async () => {
    fakeBackend(() => jsonResponse(leadCardFixture()));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(DescriptionListItem, { label: 'Challenge' })).not.toBeNull();
    });
    expect(textOf(card.find(DescriptionListItem, { label: 'Industry' }))).toBe('COMPUTER_SOFTWARE');
    expect(textOf(card.find(DescriptionListItem, { label: 'Challenge' }))).toBe('リード管理の属人化');
    expect(textOf(card.find(DescriptionListItem, { label: 'Product interest' }))).toBe('—');
  });

  it('shows the current verdict and a failed write-back with its error', async () => {
    fakeBackend(() =>
      jsonResponse(
        leadCardFixture({
          verdict: {
            id: 'v1',
            verdict: 'rejected',
            reasonCode: 'no-budget',
            reasonLabel: '予算なし',
            note: '来期予算で再検討',
            decidedAt: '2026-11-21T03:00:00.000Z',
            decidedBy: 'rep@example.com',
            writeBack: 'failed',
            writeBackError: 'Property sql_verdict_reason has no option no-budget',
          },
        }),
      ),
    );
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(Tag, { testId: 'verdict-kind' })).not.toBeNull();
    });
    expect(card.find(Tag, { testId: 'verdict-kind' }).text).toBe('Rejected');
    const root = textOf(card.getRootNode());
    expect(root).toContain('Reason: 予算なし');
    expect(root).toContain('Note: 来期予算で再検討');
    expect(root).toContain('rep@example.com');
    expect(card.find(StatusTag, { testId: 'verdict-write-back' }).props.variant).toBe('danger');
    expect(card.find(Alert, { testId: 'verdict-write-back-error' }).text).toBe(
      'Property sql_verdict_reason has no option no-budget',
    );
  });

  it('shows a pending write-back without an error', async () => {
    const verdict = {
      id: 'v1',
      verdict: 'accepted' as const,
      reasonCode: 'budget-confirmed',
      reasonLabel: '予算・ニーズ確認済み',
      note: null,
      decidedAt: '2026-11-21T03:00:00.000Z',
      decidedBy: 'rep@example.com',
      writeBack: 'pending' as const,
      writeBackError: null,
    };
    fakeBackend(() => jsonResponse(leadCardFixture({ verdict })));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(StatusTag, { testId: 'verdict-write-back' })).not.toBeNull();
    });
    expect(card.find(StatusTag, { testId: 'verdict-write-back' }).props.variant).toBe('warning');
    expect(card.find(StatusTag, { testId: 'verdict-write-back' }).text).toBe('Writing to HubSpot…');
    expect(card.maybeFind(Alert, { testId: 'verdict-write-back-error' })).toBeNull();
  });

  it('shows "not tracked yet" instead of an error when the backend does not know the contact', async () => {
    fakeBackend(() => jsonResponse({ error: { code: 'not_found', message: 'Unknown contact 123' } }, 404));
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(EmptyState)).not.toBeNull();
    });
    expect(card.find(EmptyState).props.title).toBe('Not tracked yet');
    expect(card.maybeFind(ErrorState)).toBeNull();
  });

  it('shows the error with a retry that loads the card again', async () => {
    let calls = 0;
    const fetch = fakeBackend(() => {
      calls += 1;
      return calls === 1
        ? jsonResponse({ error: { code: 'invalid_signature', message: 'Signature is too old' } }, 401)
        : jsonResponse(leadCardFixture());
    });
    const card = renderCard();

    await card.waitFor(() => {
      expect(card.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(textOf(card.find(ErrorState))).toContain('Signature is too old');
    card.find(ErrorState).find(Button).trigger('onClick');

    await card.waitFor(() => {
      expect(card.maybeFind(TableRow, { testId: 'ground-industry' })).not.toBeNull();
    });
    expect(fetch.mock.calls).toHaveLength(2);
    expect(card.maybeFind(ErrorState)).toBeNull();
  });

  it('uses Japanese card labels for a Japanese user and shows definition labels as given', async () => {
    fakeBackend(() => jsonResponse(leadCardFixture()));
    const card = renderCard({ locale: 'ja-JP' });

    await card.waitFor(() => {
      expect(card.maybeFind(TableRow, { testId: 'ground-company-size' })).not.toBeNull();
    });
    expect(rowTexts(card, 'ground-company-size').slice(0, 2)).toEqual(['従業員50名以上', '未達']);
    expect(card.find(Text, { testId: 'sla-handoff-left' }).text).toBe('残り 5.5 営業時間');
    expect(card.find(StatusTag, { testId: 'sla-handoff' }).text).toBe('期限間近');
    expect(textOf(card.find(DescriptionListItem, { label: '課題' }))).toBe('リード管理の属人化');
    expect(card.find(Text, { testId: 'mql-qualified-at' }).text).toBe('MQL 化: 2026/11/19 20:02');
  });

  describe('property values that are dates', () => {
    // What HubSpot sends for a datetime property (an instant) and a date property (a calendar day),
    // beside values that only look a little like dates.
    function datedFixture() {
      const base = leadCardFixture();
      return leadCardFixture({
        mql: {
          ...base.mql,
          grounds: [
            ...base.mql.grounds,
            {
              conditionId: 'whitepaper',
              kind: 'behaviour',
              label: '資料ダウンロード',
              met: true,
              property: 'whitepaper_downloaded_at',
              value: '2026-11-27T01:19:00.000Z',
              evidenceAt: '2026-11-27T01:19:00.000Z',
            },
            {
              conditionId: 'seminar',
              kind: 'behaviour',
              label: 'セミナー参加',
              met: true,
              property: 'seminar_date',
              value: '2026-08-26',
              evidenceAt: null,
            },
            {
              conditionId: 'version',
              kind: 'attribute',
              label: '定義',
              met: true,
              property: 'mql_definition_version',
              value: '2026-11',
              evidenceAt: null,
            },
          ],
        },
        shared: {
          industry: 'COMPUTER_SOFTWARE',
          lastMeeting: '2026-12-01T06:30:00+09:00',
          budgetDate: '2027-03-31',
          badDate: '2026-02-30',
          badInstant: '2026-13-40T99:00:00Z',
          productInterest: null,
        },
      });
    }

    it('shows them in English in the portal time zone, and leaves other values as given', async () => {
      fakeBackend(() => jsonResponse(datedFixture()));
      const card = renderCard();

      await card.waitFor(() => {
        expect(card.maybeFind(TableRow, { testId: 'ground-whitepaper' })).not.toBeNull();
      });
      // 01:19 UTC is 20:19 the day before in New York.
      expect(rowTexts(card, 'ground-whitepaper')).toEqual([
        '資料ダウンロード',
        'Met',
        'Nov 26, 2026, 8:19 PM',
        'Nov 26, 2026, 8:19 PM',
      ]);
      // A calendar date stays that day whatever the time zone.
      expect(rowTexts(card, 'ground-seminar')[2]).toBe('Aug 26, 2026');
      expect(rowTexts(card, 'ground-version')[2]).toBe('2026-11');
      expect(rowTexts(card, 'ground-score')[2]).toBe('72');
      expect(rowTexts(card, 'ground-company-size')[2]).toBe('10-20');
      expect(rowTexts(card, 'ground-industry')[2]).toBe('COMPUTER_SOFTWARE');

      expect(textOf(card.find(DescriptionListItem, { label: 'lastMeeting' }))).toBe('Nov 30, 2026, 4:30 PM');
      expect(textOf(card.find(DescriptionListItem, { label: 'budgetDate' }))).toBe('Mar 31, 2027');
      expect(textOf(card.find(DescriptionListItem, { label: 'badDate' }))).toBe('2026-02-30');
      expect(textOf(card.find(DescriptionListItem, { label: 'badInstant' }))).toBe('2026-13-40T99:00:00Z');
      expect(textOf(card.find(DescriptionListItem, { label: 'Product interest' }))).toBe('—');
    });

    it('shows them in Japanese for a Japanese user, in a Tokyo portal', async () => {
      fakeBackend(() => jsonResponse(datedFixture()));
      const card = renderCard({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });

      await card.waitFor(() => {
        expect(card.maybeFind(TableRow, { testId: 'ground-whitepaper' })).not.toBeNull();
      });
      expect(rowTexts(card, 'ground-whitepaper').slice(2)).toEqual(['2026/11/27 10:19', '2026/11/27 10:19']);
      expect(rowTexts(card, 'ground-seminar')[2]).toBe('2026/08/26');
      expect(rowTexts(card, 'ground-version')[2]).toBe('2026-11');
      expect(textOf(card.find(DescriptionListItem, { label: '業種' }))).toBe('COMPUTER_SOFTWARE');
      expect(card.find(Text, { testId: 'mql-qualified-at' }).text).toBe('MQL 化: 2026/11/20 10:02');
    });
  });
});
