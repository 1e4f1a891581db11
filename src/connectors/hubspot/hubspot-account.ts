import type { ConnectorError } from '../../domain/connector-error.ts';
import { err, ok } from '../../domain/result.ts';
import type { Result } from '../../domain/result.ts';
import type { CrmAccount, CrmPropertyInfo } from '../../ports/crm-account.ts';
import type { HubSpotApis, HubSpotCall } from './hubspot-sdk.ts';

// GET /account-info/v3/details answers the account behind the token; it needs only the `oauth`
// scope every app has. Shape (developers.hubspot.com "Retrieve account details"): {portalId:
// number, accountType, timeZone, companyCurrency, additionalCurrencies, utcOffset,
// utcOffsetMilliseconds, uiDomain, dataHostingLocation}. The SDK has no client for it.
const ACCOUNT_DETAILS_PATH = '/account-info/v3/details';

interface AccountDetails {
  readonly portalId?: unknown;
}

/** What the SDK throws for a non-2xx answer, for a call made with plain fetch. */
class HubSpotHttpError extends Error {
  readonly code: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(code: number, body: unknown, headers: Record<string, string>) {
    super(`HTTP ${code}`);
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

async function getJson(url: string, accessToken: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): keep the text for the message.
  }
  if (!response.ok) throw new HubSpotHttpError(response.status, body, Object.fromEntries(response.headers));
  return body;
}

export function createHubSpotAccount(
  apis: HubSpotApis,
  call: HubSpotCall,
  options: { readonly accessToken: string; readonly baseUrl: string },
): CrmAccount {
  return {
    async getPortalId() {
      const answer = await call('standard', 'account-info.details', () =>
        getJson(`${options.baseUrl}${ACCOUNT_DETAILS_PATH}`, options.accessToken),
      );
      if (!answer.ok) return answer;
      const portalId = (answer.value as AccountDetails | null)?.portalId;
      if (typeof portalId !== 'number' && !(typeof portalId === 'string' && /^\d+$/.test(portalId))) {
        const error: ConnectorError = {
          code: 'unknown',
          provider: 'hubspot',
          message: 'HubSpot account details carried no numeric portalId',
        };
        return err(error);
      }
      return ok(String(portalId));
    },

    async listContactProperties(): Promise<Result<readonly CrmPropertyInfo[], ConnectorError>> {
      const answer = await call('standard', 'properties.getAll', () => apis.properties.getAll('contacts'));
      if (!answer.ok) return answer;
      return ok(answer.value.results.map((property) => ({ name: property.name, type: property.type })));
    },
  };
}
