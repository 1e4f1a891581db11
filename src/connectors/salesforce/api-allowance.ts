// When Salesforce work pauses and resumes. An org's API requests are one allowance for every
// integration and user, counted over a rolling 24 hours (Salesforce Developer Limits and
// Allocations Quick Reference, "API Request Limits and Allocations"); past it Salesforce answers
// 403 REQUEST_LIMIT_EXCEEDED ("TotalRequests Limit exceeded."), as it also does for more than 25
// concurrent long-running requests. Salesforce sends no Retry-After: the allowance is read from
// GET /limits (`DailyApiRequests: { Max, Remaining }`). So after a refusal, or when the
// `Sforce-Limit-Info: api-usage=N/M` header of any answer shows the reserve reached, nothing is
// sent until a probe of /limits shows headroom; probes are spaced, and each costs one request.
// Pure: the instant is an argument.

export interface AllowancePolicy {
  /** Time between probes of /limits while paused. */
  readonly probeEveryMs: number;
  /** Share of the daily allowance left to the org's other users and integrations. */
  readonly reserveFraction: number;
}

export const DEFAULT_ALLOWANCE_POLICY: AllowancePolicy = {
  probeEveryMs: 5 * 60_000,
  // HubSpot's own Salesforce connector stops its retries at 75 % of the allocation; we only keep
  // the last 5 % for the people who work in the org.
  reserveFraction: 0.05,
};

export type AllowanceState =
  | { readonly paused: false }
  | { readonly paused: true; readonly since: number; readonly nextProbeAt: number; readonly reason: string };

export const OPEN: AllowanceState = { paused: false };

export type Gate =
  | { readonly kind: 'send' }
  | { readonly kind: 'probe' }
  | { readonly kind: 'wait'; readonly retryAfterMs: number; readonly reason: string };

/** May a request go out now, must /limits be probed first, or must it wait? */
export function gate(state: AllowanceState, now: number): Gate {
  if (!state.paused) return { kind: 'send' };
  if (now >= state.nextProbeAt) return { kind: 'probe' };
  return { kind: 'wait', retryAfterMs: state.nextProbeAt - now, reason: state.reason };
}

export function pause(
  state: AllowanceState,
  now: number,
  reason: string,
  policy: AllowancePolicy,
): AllowanceState {
  return {
    paused: true,
    since: state.paused ? state.since : now,
    nextProbeAt: now + policy.probeEveryMs,
    reason,
  };
}

/** Is more than the reserve of the allowance left? */
export function hasHeadroom(max: number, remaining: number, policy: AllowancePolicy): boolean {
  return remaining > Math.ceil(max * policy.reserveFraction);
}

/**
 * What a probe of /limits says: headroom resumes; none keeps the pause until the next probe.
 * `null` is a probe that could not read the allowance (the user may lack "View Setup and
 * Configuration", which /limits requires): then the next request itself is the probe.
 */
export function afterProbe(
  state: AllowanceState,
  daily: { readonly max: number; readonly remaining: number } | null,
  now: number,
  policy: AllowancePolicy,
): AllowanceState {
  if (daily === null || hasHeadroom(daily.max, daily.remaining, policy)) return OPEN;
  return pause(
    state,
    now,
    `daily API requests: ${daily.remaining} of ${daily.max} left, within the ${Math.round(policy.reserveFraction * 100)} % reserve`,
    policy,
  );
}

/** After any answer: pauses when its api-usage header shows the reserve reached. */
export function afterUsage(
  state: AllowanceState,
  usage: { readonly used: number; readonly limit: number } | null,
  now: number,
  policy: AllowancePolicy,
): AllowanceState {
  if (state.paused || usage === null || usage.limit <= 0) return state;
  if (hasHeadroom(usage.limit, usage.limit - usage.used, policy)) return state;
  return pause(
    state,
    now,
    `API usage ${usage.used}/${usage.limit} reached the ${Math.round(policy.reserveFraction * 100)} % reserve`,
    policy,
  );
}
