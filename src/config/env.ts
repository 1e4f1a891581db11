import { isIP } from 'node:net';
import { z } from 'zod';

// The only reader of process.env, so configuration is checked in one place. Every problem is
// reported at once, by name; secrets are wrapped so that logging the config object can never
// print them.

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
}

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : value));

const secret = optionalText.transform((value) => (value === undefined ? undefined : new Secret(value)));

const httpsOrigin = optionalText.refine((value) => value === undefined || isOrigin(value), {
  message: 'must be an origin like https://leads.example.com (scheme and host, no path)',
});

const apiOrigin = optionalText.refine((value) => value === undefined || URL.canParse(value), {
  message: 'must be an absolute URL like https://api.hubapi.com',
});

// express's `trust proxy` presets; addresses and CIDR subnets are the other accepted words.
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(word: string): boolean {
  if (PROXY_PRESETS.has(word)) return true;
  const [address = '', prefix, ...rest] = word.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

// A hop count ("1": the one proxy in front of us) or a comma-separated list of the proxies'
// addresses or subnets. `true` (trust anyone's X-Forwarded-*) is deliberately not offered: it would
// let any client choose the origin the signature is checked against.
const trustProxy = optionalText
  .refine(
    (value) =>
      value === undefined ||
      /^\d{1,2}$/.test(value) ||
      value.split(',').every((word) => isProxyAddress(word.trim())),
    {
      message:
        'must be a hop count (e.g. 1) or comma-separated proxy addresses or subnets (e.g. 10.0.0.0/8, loopback)',
    },
  )
  .transform((value) => {
    if (value === undefined) return undefined;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    return value.split(',').map((word) => word.trim());
  });

const envSchema = z.object({
  PORT: optionalText
    .transform((value) => (value === undefined ? 3000 : Number(value)))
    .refine((port) => Number.isInteger(port) && port >= 0 && port <= 65_535, {
      message: 'must be an integer port between 0 and 65535',
    }),
  DATABASE_URL: optionalText.refine((value) => value === undefined || isPostgresUrl(value), {
    message: 'must be a URL like postgres://user:password@host:5432/database',
  }),
  DATABASE_WAIT_SECONDS: optionalText
    .transform((value) => (value === undefined ? 60 : Number(value)))
    .refine((seconds) => Number.isInteger(seconds) && seconds >= 0 && seconds <= 3_600, {
      message: 'must be a whole number of seconds between 0 and 3600',
    }),
  DATA_DIR: optionalText.transform((value) => value ?? './.data'),
  DEFINITIONS_FILE: optionalText.transform((value) => value ?? 'config/definitions.yaml'),
  PUBLIC_BASE_URL: httpsOrigin,
  HUBSPOT_CLIENT_SECRET: secret,
  HUBSPOT_ACCESS_TOKEN: secret,
  HUBSPOT_PORTAL_ID: optionalText.refine((value) => value === undefined || /^\d+$/.test(value), {
    message: 'must be the numeric HubSpot account (portal) id',
  }),
  HUBSPOT_API_BASE_URL: apiOrigin.transform((value) =>
    (value ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
  ),
  SALESFORCE_LOGIN_URL: apiOrigin,
  SALESFORCE_INSTANCE_URL: apiOrigin,
  SALESFORCE_CLIENT_ID: optionalText,
  SALESFORCE_CLIENT_SECRET: secret,
  SALESFORCE_REFRESH_TOKEN: secret,
  SALESFORCE_ACCESS_TOKEN: secret,
  SALESFORCE_API_VERSION: optionalText.refine((value) => value === undefined || /^\d+\.\d$/.test(value), {
    message: 'must look like 62.0',
  }),
  // How often Salesforce Leads and Opportunities changed since the last read are read.
  SALESFORCE_POLL_SECONDS: optionalText
    .transform((value) => (value === undefined ? 60 : Number(value)))
    .refine((seconds) => Number.isInteger(seconds) && seconds >= 5 && seconds <= 86_400, {
      message: 'must be a whole number of seconds between 5 and 86400',
    }),
  SLACK_WEBHOOK_URL: secret.refine((value) => value === undefined || URL.canParse(value.reveal()), {
    message: 'must be an absolute https URL (the Slack incoming webhook)',
  }),
  TRUST_PROXY: trustProxy,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .transform((value) => value ?? 'info'),
});

export type Config = z.output<typeof envSchema>;

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value) || !URL.canParse(value)) return false;
  return new URL(value).hostname !== '' || new URL(value).searchParams.has('host');
}

function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && !url.search;
}

export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] } {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => ({
    variable: String(issue.path[0] ?? '(environment)'),
    message: issue.message,
  }));
  return { ok: false, problems };
}

export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return [
    `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    ...problems.map((problem) => `  ${problem.variable}: ${problem.message}`),
  ].join('\n');
}

/** Settings that work but deserve a word at boot (one log line each). */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.HUBSPOT_CLIENT_SECRET && !config.PUBLIC_BASE_URL) {
    warnings.push(
      "PUBLIC_BASE_URL is unset: signatures are checked against each request's own Host and scheme" +
        ' (X-Forwarded-* only from a TRUST_PROXY proxy); set it to the origin HubSpot calls',
    );
  }
  return warnings;
}

/** What each optional connector is doing, and why, for the boot log line and /readyz. */
export interface ConnectorSettings {
  readonly hubspotSync: { readonly enabled: boolean; readonly reason: string };
  readonly signedRoutes: { readonly enabled: boolean; readonly reason: string };
  readonly salesforce: { readonly enabled: boolean; readonly reason: string };
  readonly slack: { readonly enabled: boolean; readonly reason: string };
}

export function describeConnectors(config: Config): ConnectorSettings {
  const salesforceSet = Object.entries(config).some(
    ([name, value]) =>
      name.startsWith('SALESFORCE_') && name !== 'SALESFORCE_POLL_SECONDS' && value !== undefined,
  );
  const salesforceAccess =
    config.SALESFORCE_ACCESS_TOKEN !== undefined && config.SALESFORCE_INSTANCE_URL !== undefined;
  const salesforceRefresh =
    config.SALESFORCE_CLIENT_ID !== undefined &&
    config.SALESFORCE_CLIENT_SECRET !== undefined &&
    config.SALESFORCE_REFRESH_TOKEN !== undefined;
  return {
    hubspotSync: config.HUBSPOT_ACCESS_TOKEN
      ? { enabled: true, reason: 'HUBSPOT_ACCESS_TOKEN is set' }
      : { enabled: false, reason: 'HUBSPOT_ACCESS_TOKEN is unset: CRM sync and write-back disabled' },
    signedRoutes: config.HUBSPOT_CLIENT_SECRET
      ? { enabled: true, reason: 'HUBSPOT_CLIENT_SECRET is set' }
      : { enabled: false, reason: 'HUBSPOT_CLIENT_SECRET is unset: signed routes answer 503 not_configured' },
    salesforce:
      salesforceAccess || salesforceRefresh
        ? {
            enabled: true,
            reason: salesforceAccess
              ? 'SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN are set'
              : 'SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_REFRESH_TOKEN are set',
          }
        : salesforceSet
          ? {
              enabled: false,
              reason:
                'SALESFORCE_* is incomplete: set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN, or SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_REFRESH_TOKEN: Salesforce disabled',
            }
          : { enabled: false, reason: 'SALESFORCE_* is unset: Salesforce disabled' },
    slack: config.SLACK_WEBHOOK_URL
      ? { enabled: true, reason: 'SLACK_WEBHOOK_URL is set' }
      : { enabled: false, reason: 'SLACK_WEBHOOK_URL is unset: Slack alerts off (log channel only)' },
  };
}
