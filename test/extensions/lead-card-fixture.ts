import type { LeadCardDto } from '../../extensions/shared/dto.ts';

export const BACKEND_URL = 'https://leads.example.com';

/** A card model as the contract's example shows it, with the Japanese labels of config/definitions.yaml. */
export function leadCardFixture(overrides: Partial<LeadCardDto> = {}): LeadCardDto {
  return {
    contactId: '123',
    definitionVersion: '2026-11',
    mql: {
      status: 'mql',
      qualifiedAt: '2026-11-20T01:02:03.000Z',
      grounds: [
        {
          conditionId: 'industry',
          kind: 'attribute',
          label: 'ターゲット業種',
          met: true,
          property: 'industry',
          value: 'COMPUTER_SOFTWARE',
          evidenceAt: '2026-11-02T00:00:00.000Z',
        },
        {
          conditionId: 'company-size',
          kind: 'attribute',
          label: '従業員50名以上',
          met: false,
          property: 'numemployees',
          value: '10-20',
          evidenceAt: null,
        },
        {
          conditionId: 'score',
          kind: 'score',
          label: 'リードスコア60以上',
          met: true,
          property: 'hubspotscore',
          value: '72',
          evidenceAt: '2026-11-19T05:00:00.000Z',
        },
      ],
    },
    handoff: {
      dueAt: '2026-11-21T01:02:03.000Z',
      status: 'due_soon',
      handedOffAt: null,
      ownerId: null,
      businessMsLeft: 5.5 * 3_600_000,
    },
    verdictDue: { dueAt: null, status: 'not_started', businessMsLeft: null },
    shared: { industry: 'COMPUTER_SOFTWARE', challenge: 'リード管理の属人化', productInterest: null },
    verdict: null,
    reasons: [
      { code: 'budget-confirmed', label: '予算・ニーズ確認済み', verdict: 'accepted' },
      { code: 'no-budget', label: '予算なし', verdict: 'rejected' },
      { code: 'not-decision-maker', label: '決裁権なし', verdict: 'rejected' },
      { code: 'bad-timing', label: '時期尚早(ナーチャリングへ戻す)', verdict: 'recycled' },
    ],
    ...overrides,
  };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
