// One place that turns the SALESFORCE_* settings into a jsforce Connection: an access token for an
// instance, or OAuth refresh (client id + secret + refresh token) against the login URL. Used by
// `npm run salesforce:deploy`, `npm run salesforce:check` and the Lead connector.
import jsforce from 'jsforce';
import type { Connection, ConnectionConfig, TokenResponse } from 'jsforce';
import type { Config } from '../../config/env.ts';
import type { Result } from '../../domain/result.ts';
import { err, ok } from '../../domain/result.ts';
import { DEFAULT_API_VERSION } from './salesforce-api-version.ts';

// jsforce's own default login host; a sandbox uses https://test.salesforce.com, an org with
// My Domain login may use its own https://<domain>.my.salesforce.com.
const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

export type SalesforceAuth =
  | { readonly kind: 'access_token'; readonly accessToken: string }
  | {
      readonly kind: 'refresh_token';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly refreshToken: string;
      readonly loginUrl: string;
    };

export interface SalesforceConnectionSettings {
  /** Unknown until the first token refresh in refresh-token mode without an instance URL. */
  readonly instanceUrl: string | null;
  readonly apiVersion: string;
  readonly auth: SalesforceAuth;
  /** Set with an access token when refresh credentials are also given: a 401 then refreshes. */
  readonly refresh: Extract<SalesforceAuth, { kind: 'refresh_token' }> | null;
}

type SalesforceEnv = Pick<
  Config,
  | 'SALESFORCE_LOGIN_URL'
  | 'SALESFORCE_INSTANCE_URL'
  | 'SALESFORCE_CLIENT_ID'
  | 'SALESFORCE_CLIENT_SECRET'
  | 'SALESFORCE_REFRESH_TOKEN'
  | 'SALESFORCE_ACCESS_TOKEN'
  | 'SALESFORCE_API_VERSION'
>;

const HOW =
  'set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN, or SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_REFRESH_TOKEN (with SALESFORCE_LOGIN_URL for a sandbox or My Domain login)';

/** Which credentials the environment gives; an error sentence names what is missing. */
export function salesforceConnectionSettings(
  env: SalesforceEnv,
): Result<SalesforceConnectionSettings, string> {
  const apiVersion = env.SALESFORCE_API_VERSION ?? DEFAULT_API_VERSION;
  const instanceUrl = env.SALESFORCE_INSTANCE_URL?.replace(/\/+$/, '') ?? null;
  const refresh =
    env.SALESFORCE_CLIENT_ID !== undefined &&
    env.SALESFORCE_CLIENT_SECRET !== undefined &&
    env.SALESFORCE_REFRESH_TOKEN !== undefined
      ? {
          kind: 'refresh_token' as const,
          clientId: env.SALESFORCE_CLIENT_ID,
          clientSecret: env.SALESFORCE_CLIENT_SECRET.reveal(),
          refreshToken: env.SALESFORCE_REFRESH_TOKEN.reveal(),
          loginUrl: (env.SALESFORCE_LOGIN_URL ?? instanceUrl ?? DEFAULT_LOGIN_URL).replace(/\/+$/, ''),
        }
      : null;
  if (env.SALESFORCE_ACCESS_TOKEN !== undefined) {
    if (instanceUrl === null) {
      return err('SALESFORCE_ACCESS_TOKEN needs SALESFORCE_INSTANCE_URL (the org the token is for)');
    }
    return ok({
      instanceUrl,
      apiVersion,
      auth: { kind: 'access_token', accessToken: env.SALESFORCE_ACCESS_TOKEN.reveal() },
      refresh,
    });
  }
  if (refresh !== null) return ok({ instanceUrl, apiVersion, auth: refresh, refresh: null });
  const partial = env.SALESFORCE_CLIENT_ID ?? env.SALESFORCE_CLIENT_SECRET ?? env.SALESFORCE_REFRESH_TOKEN;
  return err(
    partial === undefined
      ? `Salesforce is not configured: ${HOW}`
      : `incomplete Salesforce credentials: ${HOW}`,
  );
}

/**
 * Where a refresh token rotated by Salesforce is kept. With refresh token rotation on in the
 * connected app, each refresh answers a new refresh token and the previous one stops working, so
 * the configured SALESFORCE_REFRESH_TOKEN is only the first of a chain. Keyed by the configured
 * token: a new token set by an admin starts a new chain.
 */
export interface RefreshTokenStore {
  /** The newest token of the chain that started with `configured`, or null. */
  load(configured: string): Promise<string | null>;
  save(configured: string, rotated: string): Promise<void>;
}

/** A store that forgets on restart: for tests and commands that run once. */
export function memoryRefreshTokenStore(): RefreshTokenStore & {
  readonly saved: ReadonlyMap<string, string>;
} {
  const saved = new Map<string, string>();
  return {
    saved,
    load: (configured) => Promise.resolve(saved.get(configured) ?? null),
    save: (configured, rotated) => {
      saved.set(configured, rotated);
      return Promise.resolve();
    },
  };
}

export interface ConnectOptions {
  readonly refreshTokens?: RefreshTokenStore;
  /** A rotated refresh token could not be saved (it is still used until the process ends). */
  readonly onStoreFailed?: (error: unknown) => void;
}

// jsforce wraps a failed refresh as `Error("Unable to refresh session due to: <message>")` and drops
// the OAuth error's name (SessionRefreshDelegate.refresh, jsforce 3.10.26); our refresh function puts
// the name into the message so the wrapped error still says `invalid_grant`.
function namedRefreshError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const named = error.name !== '' && !/Error$/.test(error.name);
  return named ? new Error(`${error.name}: ${error.message}`) : error;
}

/**
 * A connected jsforce Connection. In refresh-token mode it refreshes once up front, so the first
 * call already has a token and an instance URL; whenever refresh credentials are given, a 401 makes
 * jsforce refresh (through our refresh function) and replay the call once. A refresh token rotated
 * by Salesforce is used from then on and saved in `options.refreshTokens`. jsforce emits `refresh`
 * with the new access token and the token response.
 */
export async function connectSalesforce(
  settings: SalesforceConnectionSettings,
  options: ConnectOptions = {},
): Promise<Connection> {
  const refresh = settings.auth.kind === 'refresh_token' ? settings.auth : settings.refresh;
  const oauth2 =
    refresh === null
      ? null
      : { clientId: refresh.clientId, clientSecret: refresh.clientSecret, loginUrl: refresh.loginUrl };
  const client = new jsforce.OAuth2(oauth2 ?? {});
  const configured = refresh?.refreshToken ?? null;
  let current = configured === null ? null : ((await options.refreshTokens?.load(configured)) ?? configured);
  /** Takes a rotated refresh token into use at once; the promise is its saving. */
  const rotate = (token: TokenResponse): Promise<void> => {
    const rotated = token.refresh_token;
    if (configured === null || rotated === undefined || rotated === '' || rotated === current) {
      return Promise.resolve();
    }
    current = rotated;
    return options.refreshTokens?.save(configured, rotated) ?? Promise.resolve();
  };
  // Instead of jsforce's own refresh function, which ignores a rotated refresh token and keeps
  // sending the old one (oauthRefreshFn, jsforce 3.10.26 connection.ts).
  const refreshFn: NonNullable<ConnectionConfig['refreshFn']> = (target, callback) => {
    client.refreshToken(current ?? '').then(
      (res) => {
        const saving = rotate(res);
        target.refreshToken = current;
        if (res.instance_url) target.instanceUrl = res.instance_url;
        callback(null, res.access_token, res);
        saving.catch((error: unknown) => options.onStoreFailed?.(error));
      },
      (error: unknown) => {
        callback(namedRefreshError(error));
      },
    );
  };
  let session: { accessToken: string; instanceUrl: string | null };
  if (settings.auth.kind === 'refresh_token' && current !== null) {
    // POST {loginUrl}/services/oauth2/token, grant_type=refresh_token.
    const token = await client.refreshToken(current);
    await rotate(token);
    session = { accessToken: token.access_token, instanceUrl: token.instance_url };
  } else {
    session = {
      accessToken: settings.auth.kind === 'access_token' ? settings.auth.accessToken : '',
      instanceUrl: settings.instanceUrl,
    };
  }
  return new jsforce.Connection({
    version: settings.apiVersion,
    accessToken: session.accessToken,
    ...(session.instanceUrl === null ? {} : { instanceUrl: session.instanceUrl }),
    ...(oauth2 === null || current === null
      ? {}
      : { oauth2, loginUrl: oauth2.loginUrl, refreshToken: current, refreshFn }),
  });
}
