import { Form, LoadingButton, Select, TableRow, TextArea } from '@hubspot/ui-extensions';
import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_URL, jsonResponse, leadCardFixture } from './lead-card-fixture.ts';
import { fakeBackend, renderCard, triggerChange } from './render-card.tsx';

afterEach(() => {
  vi.restoreAllMocks();
});

const STORED_VERDICT = {
  id: 'v1',
  contactId: '123',
  verdict: 'rejected',
  reasonCode: 'no-budget',
  note: '来期に再検討',
  decidedAt: '2026-11-21T03:00:00.000Z',
  decidedBy: 'rep@example.com',
  writeBack: 'pending',
};

/** The backend: the card model on GET, `answerVerdict` on POST /api/verdicts. */
function backend(answerVerdict: (options: HubSpotFetchOptions | undefined) => Response) {
  return fakeBackend((url, options) =>
    options?.method === 'POST' && url === `${BACKEND_URL}/api/verdicts`
      ? answerVerdict(options)
      : jsonResponse(leadCardFixture()),
  );
}

async function renderLoadedCard(locale?: string) {
  const card = renderCard(locale === undefined ? {} : { locale });
  await card.waitFor(() => {
    expect(card.maybeFind(Select, { name: 'verdict' })).not.toBeNull();
  });
  return card;
}

function fillForm(card: Awaited<ReturnType<typeof renderLoadedCard>>, note: string) {
  triggerChange(card.find(Select, { name: 'verdict' }), 'rejected');
  triggerChange(card.find(Select, { name: 'reasonCode' }), 'no-budget');
  triggerChange(card.find(TextArea, { name: 'note' }), note);
}

describe('verdict form', () => {
  it('offers only the reasons of the chosen verdict', async () => {
    backend(() => jsonResponse(STORED_VERDICT, 201));
    const card = await renderLoadedCard();

    expect(card.find(Select, { name: 'reasonCode' }).props.options).toEqual([]);
    triggerChange(card.find(Select, { name: 'verdict' }), 'rejected');
    expect(card.find(Select, { name: 'reasonCode' }).props.options).toEqual([
      { label: '予算なし', value: 'no-budget' },
      { label: '決裁権なし', value: 'not-decision-maker' },
    ]);
    triggerChange(card.find(Select, { name: 'verdict' }), 'recycled');
    expect(card.find(Select, { name: 'reasonCode' }).props.options).toEqual([
      { label: '時期尚早(ナーチャリングへ戻す)', value: 'bad-timing' },
    ]);
  });

  it('drops a chosen reason that does not belong to a newly chosen verdict', async () => {
    backend(() => jsonResponse(STORED_VERDICT, 201));
    const card = await renderLoadedCard();

    triggerChange(card.find(Select, { name: 'verdict' }), 'rejected');
    triggerChange(card.find(Select, { name: 'reasonCode' }), 'no-budget');
    expect(card.find(LoadingButton).props.disabled).toBe(false);
    triggerChange(card.find(Select, { name: 'verdict' }), 'accepted');

    expect(card.find(Select, { name: 'reasonCode' }).props.value).toBe('');
    expect(card.find(LoadingButton).props.disabled).toBe(true);
  });

  it('caps the note at the backend limit of 2000 characters', async () => {
    backend(() => jsonResponse(STORED_VERDICT, 201));
    const card = await renderLoadedCard();

    expect(card.find(TextArea, { name: 'note' }).props.maxLength).toBe(2000);
  });

  it('posts the verdict, then confirms, refreshes the record and reloads the card', async () => {
    const fetch = backend(() => jsonResponse(STORED_VERDICT, 201));
    const card = await renderLoadedCard();
    const { addAlert, refreshObjectProperties } = card.mocks.actions;

    fillForm(card, '  来期に再検討  ');
    card.find(Form).trigger('onSubmit');

    await card.waitFor(() => {
      expect(addAlert.callCount).toBe(1);
    });
    const post = fetch.mock.calls.find(([, options]) => options?.method === 'POST');
    expect(post?.[0]).toBe(`${BACKEND_URL}/api/verdicts`);
    const body = post?.[1]?.body;
    expect(body).toEqual({
      contactId: '123',
      verdict: 'rejected',
      reasonCode: 'no-budget',
      note: '来期に再検討',
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
    expect(addAlert.calls[0]?.[0]).toMatchObject({ type: 'success', title: 'Verdict recorded' });
    expect(refreshObjectProperties.callCount).toBe(1);
    await vi.waitFor(() => {
      expect(fetch.mock.calls.filter(([, options]) => options?.method === 'GET')).toHaveLength(2);
    });
    await card.waitFor(() => {
      expect(card.find(Select, { name: 'verdict' }).props.value).toBe('');
    });
  });

  it('sends no note when the rep left it empty', async () => {
    const fetch = backend(() => jsonResponse(STORED_VERDICT, 201));
    const card = await renderLoadedCard();

    fillForm(card, '   ');
    card.find(Form).trigger('onSubmit');

    await card.waitFor(() => {
      expect(card.mocks.actions.addAlert.callCount).toBe(1);
    });
    const post = fetch.mock.calls.find(([, options]) => options?.method === 'POST');
    expect(post?.[1]?.body).not.toHaveProperty('note');
    await vi.waitFor(() => {
      expect(fetch.mock.calls.filter(([, options]) => options?.method === 'GET')).toHaveLength(2);
    });
  });

  it('uses a new idempotency key for each submission attempt', async () => {
    const fetch = backend(() => jsonResponse({ error: { code: 'transient', message: 'Try again' } }, 503));
    const card = await renderLoadedCard();

    fillForm(card, '');
    card.find(Form).trigger('onSubmit');
    await card.waitFor(() => {
      expect(card.mocks.actions.addAlert.callCount).toBe(1);
    });
    card.find(Form).trigger('onSubmit');
    await card.waitFor(() => {
      expect(card.mocks.actions.addAlert.callCount).toBe(2);
    });

    const keys = fetch.mock.calls
      .filter(([, options]) => options?.method === 'POST')
      .map(([, options]) => options?.body?.['idempotencyKey']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('shows the server message in a danger alert when the verdict is refused, and keeps the form', async () => {
    const fetch = backend(() =>
      jsonResponse(
        { error: { code: 'unknown_reason', message: 'reasonCode no-budget is not a reason for accepted' } },
        400,
      ),
    );
    const card = await renderLoadedCard();
    const { addAlert, refreshObjectProperties } = card.mocks.actions;

    fillForm(card, '');
    card.find(Form).trigger('onSubmit');

    await card.waitFor(() => {
      expect(addAlert.callCount).toBe(1);
    });
    expect(addAlert.calls[0]?.[0]).toEqual({
      type: 'danger',
      title: 'Verdict not recorded',
      message: 'reasonCode no-budget is not a reason for accepted',
    });
    expect(refreshObjectProperties.callCount).toBe(0);
    expect(fetch.mock.calls.filter(([, options]) => options?.method === 'GET')).toHaveLength(1);
    expect(card.find(Select, { name: 'reasonCode' }).props.value).toBe('no-budget');
    expect(card.find(LoadingButton).props.loading).toBe(false);
  });

  it('shows the button loading while the verdict is in flight', async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetch = fakeBackend((url, options) =>
      options?.method === 'POST'
        ? new Promise<Response>((resolve) => {
            answer = resolve;
          })
        : jsonResponse(leadCardFixture()),
    );
    const card = await renderLoadedCard();

    fillForm(card, '');
    card.find(Form).trigger('onSubmit');
    await card.waitFor(() => {
      expect(card.find(LoadingButton).props.loading).toBe(true);
    });
    answer(jsonResponse(STORED_VERDICT, 201));
    await card.waitFor(() => {
      expect(card.find(LoadingButton).props.loading).toBe(false);
    });
    await vi.waitFor(() => {
      expect(fetch.mock.calls.filter(([, options]) => options?.method === 'GET')).toHaveLength(2);
    });
    expect(card.maybeFind(TableRow, { testId: 'ground-industry' })).not.toBeNull();
  });

  it('words the form and its alerts in Japanese for a Japanese user', async () => {
    const fetch = backend(() => jsonResponse(STORED_VERDICT, 201));
    const card = await renderLoadedCard('ja');

    expect(card.find(Select, { name: 'verdict' }).props.options).toEqual([
      { label: '受け入れ(SQL)', value: 'accepted' },
      { label: '却下', value: 'rejected' },
      { label: 'ナーチャリングへ戻す', value: 'recycled' },
    ]);
    fillForm(card, '');
    card.find(Form).trigger('onSubmit');
    await card.waitFor(() => {
      expect(card.mocks.actions.addAlert.callCount).toBe(1);
    });
    expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ title: '判定を記録しました' });
    await vi.waitFor(() => {
      expect(fetch.mock.calls.filter(([, options]) => options?.method === 'GET')).toHaveLength(2);
    });
  });
});
