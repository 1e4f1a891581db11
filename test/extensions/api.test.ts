import { hubspot } from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callBackend, postVerdict } from '../../extensions/app/cards/backend.ts';
import { BACKEND_TIMEOUT_MS, backendUrl } from '../../extensions/shared/api.ts';
import { jsonResponse } from './lead-card-fixture.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const variables = { BACKEND_URL: 'https://leads.example.com/' };

describe('backendUrl', () => {
  it('joins the profile origin, the path and the encoded query', () => {
    expect(backendUrl(variables, '/api/cards/lead', { objectId: '1 2' })).toBe(
      'https://leads.example.com/api/cards/lead?objectId=1+2',
    );
  });

  it('gives null when the profile has no BACKEND_URL', () => {
    expect(backendUrl({ OTHER: 'x' }, '/api/verdicts')).toBeNull();
    expect(backendUrl(undefined, '/api/verdicts')).toBeNull();
  });
});

describe('callBackend', () => {
  it('never asks HubSpot for more than its 15 s cap', async () => {
    const fetch = vi.spyOn(hubspot, 'fetch').mockResolvedValue(jsonResponse({ fine: true }));

    await expect(callBackend(variables, { method: 'GET', path: '/x' })).resolves.toEqual({
      ok: true,
      status: 200,
      data: { fine: true },
    });
    expect(fetch.mock.calls[0]?.[1]?.timeout).toBe(BACKEND_TIMEOUT_MS);
    expect(BACKEND_TIMEOUT_MS).toBeLessThanOrEqual(15_000);
  });

  it('sends a JSON body only with POST and no headers of its own', async () => {
    const fetch = vi.spyOn(hubspot, 'fetch').mockResolvedValue(jsonResponse({ id: 'v1' }, 201));
    const request = {
      contactId: '1',
      verdict: 'accepted' as const,
      reasonCode: 'budget-confirmed',
      idempotencyKey: 'k',
    };

    await postVerdict(variables, request);

    const options = fetch.mock.calls[0]?.[1];
    expect(options).toEqual({ method: 'POST', timeout: BACKEND_TIMEOUT_MS, body: request });
  });

  it('reads our error envelope', async () => {
    vi.spyOn(hubspot, 'fetch').mockResolvedValue(
      jsonResponse({ error: { code: 'invalid_request', message: 'note is too long' } }, 400),
    );

    await expect(callBackend(variables, { method: 'GET', path: '/x' })).resolves.toEqual({
      ok: false,
      status: 400,
      code: 'invalid_request',
      message: 'note is too long',
    });
  });

  it("reads our error inside HubSpot's proxy envelope", async () => {
    vi.spyOn(hubspot, 'fetch').mockResolvedValue(
      jsonResponse(
        {
          status: 'error',
          category: 'BAD_GATEWAY',
          message: 'Bad gateway',
          responseBody: JSON.stringify({ error: { code: 'not_found', message: 'Unknown contact' } }),
        },
        404,
      ),
    );

    const result = await callBackend(variables, { method: 'GET', path: '/x' });
    expect(result).toMatchObject({ ok: false, status: 404, code: 'not_found', message: 'Unknown contact' });
  });

  it("falls back to the proxy's own message when the backend said nothing usable", async () => {
    vi.spyOn(hubspot, 'fetch').mockResolvedValue(
      jsonResponse({ status: 'error', category: 'GATEWAY_TIMEOUT', message: 'Request timed out' }, 504),
    );

    const result = await callBackend(variables, { method: 'GET', path: '/x' });
    expect(result).toMatchObject({
      ok: false,
      status: 504,
      code: 'gateway_timeout',
      message: 'Request timed out',
    });
  });

  it('turns a non-JSON failure into a generic one', async () => {
    vi.spyOn(hubspot, 'fetch').mockResolvedValue(new Response('<html>oops</html>', { status: 502 }));

    const result = await callBackend(variables, { method: 'GET', path: '/x' });
    expect(result).toEqual({
      ok: false,
      status: 502,
      code: 'http_502',
      message: 'The backend answered 502.',
    });
  });

  it('refuses a 200 that is not JSON', async () => {
    vi.spyOn(hubspot, 'fetch').mockResolvedValue(new Response('ok', { status: 200 }));

    const result = await callBackend(variables, { method: 'GET', path: '/x' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_response' });
  });

  it('turns a thrown fetch into a network failure', async () => {
    vi.spyOn(hubspot, 'fetch').mockRejectedValue(new Error('socket hang up'));

    const result = await callBackend(variables, { method: 'GET', path: '/x' });
    expect(result).toEqual({ ok: false, status: 0, code: 'network_error', message: 'socket hang up' });
  });

  it('does not call HubSpot at all without a BACKEND_URL', async () => {
    const fetch = vi.spyOn(hubspot, 'fetch');

    const result = await callBackend(undefined, { method: 'GET', path: '/x' });
    expect(result).toMatchObject({ ok: false, code: 'not_configured' });
    expect(fetch.mock.calls).toHaveLength(0);
  });
});
