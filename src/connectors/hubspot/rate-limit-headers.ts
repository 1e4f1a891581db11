// HubSpot's rate-limit headers, sent on API answers (not on CRM search answers), are the truth about
// the app's budget on this portal, whoever else spends it:
// - X-HubSpot-RateLimit-Max / -Remaining: calls allowed / still allowed in the current rolling
//   window, and -Interval-Milliseconds: that window (10,000). Nango paces HubSpot on -Remaining
//   (NangoHQ/nango#4046); HubSpot asks apps to read these rather than hard-code limits
//   (developers.hubspot.com/changelog/burst-limits-are-increasing-for-api-key-authenticated-calls).
// - X-HubSpot-RateLimit-Daily / -Daily-Remaining: the account's daily allowance; absent for OAuth
//   apps, which have none (changelog/rate-limit-headers-will-now-appear-for-oauth-authenticated-calls).
// - X-HubSpot-RateLimit-Secondly / -Secondly-Remaining: a per-second allowance, documented when the
//   headers appeared (changelog/2018-11-06-rate-limit-information-headers-will-be-included-in-http-responses);
//   current private-app answers do not carry them, we honour them if they come.
// "In the case of failure to gather rate limit information, the rate limit headers will not be
// present" (same 2018 changelog): every field is optional.

export interface RateLimitSnapshot {
  readonly max?: number;
  readonly remaining?: number;
  readonly intervalMs?: number;
  readonly secondly?: number;
  readonly secondlyRemaining?: number;
  readonly daily?: number;
  readonly dailyRemaining?: number;
}

const FIELDS: readonly [keyof RateLimitSnapshot, string][] = [
  ['max', 'x-hubspot-ratelimit-max'],
  ['remaining', 'x-hubspot-ratelimit-remaining'],
  ['intervalMs', 'x-hubspot-ratelimit-interval-milliseconds'],
  ['secondly', 'x-hubspot-ratelimit-secondly'],
  ['secondlyRemaining', 'x-hubspot-ratelimit-secondly-remaining'],
  ['daily', 'x-hubspot-ratelimit-daily'],
  ['dailyRemaining', 'x-hubspot-ratelimit-daily-remaining'],
];

/** Reads the headers of one answer (any case); null when it carries none of them. */
export function parseRateLimitHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): RateLimitSnapshot | null {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const snapshot: Record<string, number> = {};
  for (const [field, name] of FIELDS) {
    const raw: unknown = lower.get(name);
    const text: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
    if (typeof text !== 'string' || !/^\s*\d+\s*$/.test(text)) continue;
    snapshot[field] = Number(text);
  }
  // A window of 0 ms or a budget of 0 calls is not a budget we can pace on.
  if (snapshot['intervalMs'] === 0) delete snapshot['intervalMs'];
  if (snapshot['max'] === 0) delete snapshot['max'];
  const parsed: RateLimitSnapshot = snapshot;
  return Object.keys(parsed).length > 0 ? parsed : null;
}
