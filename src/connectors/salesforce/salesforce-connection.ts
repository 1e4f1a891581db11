// One place that turns the SALESFORCE_* settings into a jsforce Connection: an access token for an
// instance, or OAuth refresh (client id + secret + refresh token) against the login URL. Used by
// `npm run salesforce:deploy`; meant for the Lead connector too.
import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
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
 * A connected jsforce Connection. In refresh-token mode it refreshes once up front, so the first
 * call already has a token and an instance URL; whenever refresh credentials are given, jsforce
 * refreshes on a 401 and replays the call. jsforce emits `refresh` with the token response: a
 * caller that must keep a rotated refresh token listens there.
 */
export async function connectSalesforce(settings: SalesforceConnectionSettings): Promise<Connection> {
  const refresh = settings.auth.kind === 'refresh_token' ? settings.auth : settings.refresh;
  const oauth2 =
    refresh === null
      ? null
      : { clientId: refresh.clientId, clientSecret: refresh.clientSecret, loginUrl: refresh.loginUrl };
  let session: { accessToken: string; instanceUrl: string | null; refreshToken: string | null };
  if (settings.auth.kind === 'refresh_token') {
    // POST {loginUrl}/services/oauth2/token, grant_type=refresh_token.
    const token = await new jsforce.OAuth2(oauth2 ?? {}).refreshToken(settings.auth.refreshToken);
    session = {
      accessToken: token.access_token,
      instanceUrl: token.instance_url,
      refreshToken: token.refresh_token ?? settings.auth.refreshToken,
    };
  } else {
    session = {
      accessToken: settings.auth.accessToken,
      instanceUrl: settings.instanceUrl,
      refreshToken: refresh?.refreshToken ?? null,
    };
  }
  return new jsforce.Connection({
    version: settings.apiVersion,
    accessToken: session.accessToken,
    ...(session.instanceUrl === null ? {} : { instanceUrl: session.instanceUrl }),
    ...(oauth2 === null || session.refreshToken === null
      ? {}
      : { oauth2, loginUrl: oauth2.loginUrl, refreshToken: session.refreshToken }),
  });
}
