import { describe, expect, it } from 'vitest';
import {
  normaliseSignedUrl,
  signHubSpotV3,
  verifyHubSpotSignatureV3,
} from '../../../src/connectors/hubspot/request-signature.ts';

const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const ts = '1700000000000';
const now = 1_700_000_000_000;

const grounds = {
  method: 'GET',
  url: 'https://api.example.com/hubspot/grounds?contactId=123&userEmail=rep%40example.com&portalId=62515',
  rawBody: '',
  signature: 'yQnHTZUnnAltisQV9cEmgwlBmOuENveKBWCjjHCGNo0=',
  timestamp: ts,
  clientSecret: secret,
  now,
};

describe('verifyHubSpotSignatureV3', () => {
  it("accepts HubSpot's published v3 vector", () => {
    const input = {
      method: 'POST',
      url: 'https://www.example.com/webhook_uri',
      rawBody: "{'example_field':'example_value'}",
      timestamp: '15000000',
      clientSecret: secret,
    };
    expect(signHubSpotV3(input)).toBe('HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=');
    expect(
      verifyHubSpotSignatureV3({
        ...input,
        signature: 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=',
        now: 15_000_000,
      }),
    ).toEqual({ ok: true });
  });

  it('accepts a GET whose query carries an encoded @ (decoded before signing)', () => {
    expect(verifyHubSpotSignatureV3(grounds)).toEqual({ ok: true });
  });

  it('accepts lowercase hex in the decoded escapes', () => {
    const signature = signHubSpotV3({
      method: 'GET',
      url: 'https://api.example.com/x?at=10:30&to=a@b.c',
      rawBody: '',
      timestamp: ts,
      clientSecret: secret,
    });
    expect(
      verifyHubSpotSignatureV3({
        ...grounds,
        url: 'https://api.example.com/x?at=10%3a30&to=a%40b.c',
        signature,
      }),
    ).toEqual({ ok: true });
    expect(
      verifyHubSpotSignatureV3({
        ...grounds,
        url: 'https://api.example.com/x?at=10%3A30&to=a%40b.c',
        signature,
      }),
    ).toEqual({ ok: true });
  });

  it('accepts a POST signed over the raw body, given as a Buffer', () => {
    expect(
      verifyHubSpotSignatureV3({
        method: 'POST',
        url: 'https://api.example.com/hubspot/verdict',
        rawBody: Buffer.from('{"verdict":"accepted","reason":"Budget confirmed"}'),
        signature: 'hzkDoLHO/YmIlHpXDiJHpJSrM6HdaGepZJcvVz3gUW0=',
        timestamp: ts,
        clientSecret: secret,
        now,
      }),
    ).toEqual({ ok: true });
  });

  it('rejects a body that was re-serialised', () => {
    expect(
      verifyHubSpotSignatureV3({
        method: 'POST',
        url: 'https://api.example.com/hubspot/verdict',
        rawBody: '{"verdict": "accepted", "reason": "Budget confirmed"}',
        signature: 'hzkDoLHO/YmIlHpXDiJHpJSrM6HdaGepZJcvVz3gUW0=',
        timestamp: ts,
        clientSecret: secret,
        now,
      }),
    ).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('keeps %20 encoded when signing', () => {
    const url = 'https://api.example.com/x?name=Jane%20Doe';
    const signature = signHubSpotV3({ method: 'GET', url, rawBody: '', timestamp: ts, clientSecret: secret });
    expect(normaliseSignedUrl(url)).toBe(url);
    expect(verifyHubSpotSignatureV3({ ...grounds, url, signature })).toEqual({ ok: true });
    expect(
      verifyHubSpotSignatureV3({ ...grounds, url: 'https://api.example.com/x?name=Jane Doe', signature }),
    ).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('decodes only the twelve escapes HubSpot decodes', () => {
    expect(normaliseSignedUrl('https://h/p?a=%3a%2F%3F%40%21%24%27%28%29%2a%2C%3B&b=%26%3D%25%2B')).toBe(
      "https://h/p?a=:/?@!$'()*,;&b=%26%3D%25%2B",
    );
  });

  it('rejects a request older than five minutes', () => {
    expect(verifyHubSpotSignatureV3({ ...grounds, now: now + 300_001 })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyHubSpotSignatureV3({ ...grounds, now: now + 300_000 })).toEqual({ ok: true });
  });

  it('rejects a timestamp more than five minutes in the future', () => {
    expect(verifyHubSpotSignatureV3({ ...grounds, now: now - 300_001 })).toEqual({
      ok: false,
      reason: 'future',
    });
  });

  it('honours a custom skew', () => {
    expect(verifyHubSpotSignatureV3({ ...grounds, now: now + 61_000, maxSkewMs: 60_000 })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('rejects a forged signature of the right length and one of another length without throwing', () => {
    const forged = signHubSpotV3({ ...grounds, clientSecret: 'not-the-secret' });
    expect(forged).toHaveLength(grounds.signature.length);
    expect(verifyHubSpotSignatureV3({ ...grounds, signature: forged })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyHubSpotSignatureV3({ ...grounds, signature: 'short' })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a signature over another method or url', () => {
    expect(verifyHubSpotSignatureV3({ ...grounds, method: 'POST' })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyHubSpotSignatureV3({ ...grounds, url: grounds.url.replace('62515', '62516') })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects missing headers', () => {
    expect(verifyHubSpotSignatureV3({ ...grounds, signature: undefined })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyHubSpotSignatureV3({ ...grounds, timestamp: undefined })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyHubSpotSignatureV3({ ...grounds, signature: '' })).toEqual({ ok: false, reason: 'missing' });
  });

  it('rejects a timestamp that is not milliseconds', () => {
    expect(verifyHubSpotSignatureV3({ ...grounds, timestamp: '1700000000000abc' })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyHubSpotSignatureV3({ ...grounds, timestamp: '-5' })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
