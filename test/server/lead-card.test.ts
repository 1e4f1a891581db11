import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { BATCH_READ_PATH, batchReadReply } from '../helpers/hubspot-batch-read.ts';

// Fri 2026-11-20 10:00 JST; the score reached 75 on Thu 11:00 JST, so the handoff is due Fri 11:00
// JST, one business hour from now (inside the 2 h warning).
const NOW = '2026-11-20T01:00:00.000Z';
const SCORE_AT = '2026-11-19T02:00:00.000Z';
const HANDOFF_DUE = '2026-11-20T02:00:00.000Z';
const HOUR = 3_600_000;

function contact(id: string, values: Record<string, [string, string]>): CrmContact {
  const properties: Record<string, string> = {};
  const history: Record<string, { value: string; timestamp: string }[]> = {};
  for (const [name, [value, timestamp]] of Object.entries(values)) {
    properties[name] = value;
    history[name] = [{ value, timestamp }];
  }
  return { id, properties, history, createdAt: '2026-10-28T08:15:22.310Z', updatedAt: SCORE_AT };
}

const QUALIFYING = {
  industry: ['COMPUTER_SOFTWARE', '2026-11-02T03:04:05.678Z'],
  numemployees: ['50-100', '2026-10-28T08:15:22.310Z'],
  jobtitle: ['営業部長', '2026-10-29T00:00:00.000Z'],
  whitepaper_downloaded_at: ['2026-11-18', '2026-11-18T05:00:00.000Z'],
  hubspotscore: ['75', SCORE_AT],
  challenge: ['リード対応の遅れ', '2026-10-28T08:15:22.310Z'],
} satisfies Record<string, [string, string]>;

const REASONS = [
  { code: 'budget-confirmed', label: '予算・ニーズ確認済み', verdict: 'accepted' },
  { code: 'no-budget', label: '予算なし', verdict: 'rejected' },
  { code: 'not-decision-maker', label: '決裁権なし', verdict: 'rejected' },
  { code: 'wrong-company-size', label: '企業規模が対象外', verdict: 'rejected' },
  { code: 'unreachable', label: '連絡がつかない', verdict: 'rejected' },
  { code: 'bad-timing', label: '時期尚早(ナーチャリングへ戻す)', verdict: 'recycled' },
];

function errorCode(json: unknown): string | undefined {
  return (json as { error?: { code?: string } } | null)?.error?.code;
}

describeEachStorage('GET /api/cards/lead', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);
  const outbound: string[] = [];
  // nock reports every request no scope matched: fetch Requests (url) and http ones (host, path).
  // Our own calls to the app on 127.0.0.1 pass through; anything else is a CRM call.
  const recordOutbound = (req: { url?: string; host?: string; hostname?: string; path?: string }) => {
    const url = req.url ?? `//${req.hostname ?? req.host ?? ''}${req.path ?? ''}`;
    if (!/^(https?:)?\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) outbound.push(url);
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    // A HubSpot token is set, so a CRM client exists: the card must still not use it.
    harness = await createHarness({ db: test.db, clock, env: { HUBSPOT_ACCESS_TOKEN: 'pat-test' } });
    const core = harness.core;
    await trackContact(core, PORTAL_ID, contact('601', QUALIFYING), null);
    await trackContact(
      core,
      PORTAL_ID,
      contact('602', { ...QUALIFYING, numemployees: ['abc', '2026-11-01T00:00:00.000Z'] }),
      null,
    );
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });
  beforeEach(() => {
    outbound.length = 0;
    nock.emitter.on('no match', recordOutbound);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', recordOutbound);
    // disableNetConnect plus no scope: any HubSpot call would have been refused and recorded here.
    expect(outbound).toEqual([]);
  });

  async function getCard(contactId: string) {
    const path = `/api/cards/lead?objectId=${contactId}&portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com&appId=4242`;
    return request(harness.app, 'GET', path, '', signedHeaders('GET', path, '', clock.now().getTime()));
  }

  it('serves exactly the contract card model of a qualified contact, from our store', async () => {
    const res = await getCard('601');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      contactId: '601',
      definitionVersion: '2026-11',
      mql: {
        status: 'mql',
        qualifiedAt: SCORE_AT,
        meetsNow: true,
        episode: 1,
        grounds: [
          {
            conditionId: 'industry',
            kind: 'attribute',
            label: 'ターゲット業種',
            met: true,
            property: 'industry',
            value: 'COMPUTER_SOFTWARE',
            evidenceAt: '2026-11-02T03:04:05.678Z',
          },
          {
            conditionId: 'company-size',
            kind: 'attribute',
            label: '従業員50名以上',
            met: true,
            property: 'numemployees',
            value: '50-100',
            evidenceAt: '2026-10-28T08:15:22.310Z',
          },
          {
            conditionId: 'role',
            kind: 'attribute',
            label: '課長職以上',
            met: true,
            property: 'jobtitle',
            value: '営業部長',
            evidenceAt: '2026-10-29T00:00:00.000Z',
          },
          {
            conditionId: 'whitepaper',
            kind: 'behaviour',
            label: '資料ダウンロード',
            met: true,
            property: 'whitepaper_downloaded_at',
            value: '2026-11-18',
            evidenceAt: '2026-11-18T05:00:00.000Z',
          },
          {
            conditionId: 'seminar',
            kind: 'behaviour',
            label: 'セミナー参加',
            met: false,
            property: 'seminar_attended_at',
            value: null,
            evidenceAt: null,
          },
          {
            conditionId: 'pricing',
            kind: 'behaviour',
            label: '料金ページ閲覧',
            met: false,
            property: 'pricing_page_viewed_at',
            value: null,
            evidenceAt: null,
          },
          {
            conditionId: 'score',
            kind: 'score',
            label: 'リードスコア60以上',
            met: true,
            property: 'hubspotscore',
            value: '75',
            evidenceAt: SCORE_AT,
          },
        ],
      },
      handoff: {
        dueAt: HANDOFF_DUE,
        status: 'due_soon',
        handedOffAt: null,
        ownerId: null,
        businessMsLeft: HOUR,
      },
      verdictDue: { dueAt: null, status: 'not_started', businessMsLeft: null },
      shared: { industry: 'COMPUTER_SOFTWARE', challenge: 'リード対応の遅れ', productInterest: null },
      verdict: null,
      reasons: REASONS,
    });
  });

  it('sends Japanese labels as UTF-8 JSON', async () => {
    const res = await getCard('601');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // fetch decoded the bytes as UTF-8; a mangled encoding would not round-trip these labels.
    expect(res.text).toContain('"label":"ターゲット業種"');
    expect(res.text).toContain('"label":"時期尚早(ナーチャリングへ戻す)"');
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text, 'utf8'));
  });

  it('evaluates a non-numeric employee count as unmet and shows the raw value, never a 500', async () => {
    const res = await getCard('602');
    expect(res.status).toBe(200);
    const model = res.json as {
      mql: { status: string; meetsNow: boolean; grounds: { conditionId: string }[] };
    };
    expect(model.mql.status).toBe('not_mql');
    expect(model.mql.meetsNow).toBe(false);
    expect(model.mql.grounds.find((g) => g.conditionId === 'company-size')).toEqual({
      conditionId: 'company-size',
      kind: 'attribute',
      label: '従業員50名以上',
      met: false,
      property: 'numemployees',
      value: 'abc',
      evidenceAt: '2026-11-01T00:00:00.000Z',
    });
    expect(res.json).toMatchObject({
      mql: { qualifiedAt: null },
      handoff: { dueAt: null, status: 'not_started', handedOffAt: null, businessMsLeft: null },
    });
  });

  it('shows the latest verdict with its reason label and write-back state', async () => {
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`;
    const body = JSON.stringify({
      contactId: '601',
      verdict: 'rejected',
      reasonCode: 'no-budget',
      note: '来期に予算化の予定',
    });
    const posted = await request(
      harness.app,
      'POST',
      path,
      body,
      signedHeaders('POST', path, body, clock.now().getTime()),
    );
    expect(posted.status).toBe(201);
    // Recording a verdict may look the rep's owner id up in HubSpot; only the card must not call it.
    outbound.length = 0;
    const res = await getCard('601');
    expect((res.json as { verdict: unknown }).verdict).toEqual({
      id: (posted.json as { id: string }).id,
      verdict: 'rejected',
      reasonCode: 'no-budget',
      reasonLabel: '予算なし',
      note: '来期に予算化の予定',
      decidedAt: NOW,
      decidedBy: 'rep@example.com',
      writeBack: 'pending',
      writeBackError: null,
    });
  });

  it('answers 404 not_found for a contact neither tracked nor known to HubSpot', async () => {
    // First view: the contact is asked of HubSpot once, which answers it does not have it (207).
    const scope = nock(HUBSPOT_API)
      .post(BATCH_READ_PATH)
      .reply(batchReadReply(() => undefined));
    const res = await getCard('999999');
    expect(scope.isDone()).toBe(true);
    expect(res.status).toBe(404);
    expect(errorCode(res.json)).toBe('not_found');
  });

  it('answers 400 invalid_request for a missing or non-numeric objectId', async () => {
    for (const query of ['', 'objectId=abc&']) {
      const path = `/api/cards/lead?${query}portalId=${PORTAL_ID}`;
      const res = await request(
        harness.app,
        'GET',
        path,
        '',
        signedHeaders('GET', path, '', clock.now().getTime()),
      );
      expect(res.status).toBe(400);
      expect(errorCode(res.json)).toBe('invalid_request');
      expect((res.json as { error: { message: string } }).error.message).toContain('objectId');
    }
  });
});
