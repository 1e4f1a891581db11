import { z } from 'zod';

// The only reader of process.env (STYLE.md habit 5). Every problem is reported at once, by name;
// secrets are wrapped so that logging the config object can never print them.

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
  SLACK_WEBHOOK_URL: secret.refine((value) => value === undefined || URL.canParse(value.reveal()), {
    message: 'must be an absolute https URL (the Slack incoming webhook)',
  }),
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

/** What each optional connector is doing, and why, for the boot log line and /readyz. */
export interface ConnectorSettings {
  readonly hubspotSync: { readonly enabled: boolean; readonly reason: string };
  readonly signedRoutes: { readonly enabled: boolean; readonly reason: string };
  readonly salesforce: { readonly enabled: boolean; readonly reason: string };
  readonly slack: { readonly enabled: boolean; readonly reason: string };
}

export function describeConnectors(config: Config): ConnectorSettings {
  const salesforceReady =
    config.SALESFORCE_INSTANCE_URL !== undefined &&
    (config.SALESFORCE_ACCESS_TOKEN !== undefined || config.SALESFORCE_REFRESH_TOKEN !== undefined);
  return {
    hubspotSync: config.HUBSPOT_ACCESS_TOKEN
      ? { enabled: true, reason: 'HUBSPOT_ACCESS_TOKEN is set' }
      : { enabled: false, reason: 'HUBSPOT_ACCESS_TOKEN is unset: CRM sync and write-back disabled' },
    signedRoutes: config.HUBSPOT_CLIENT_SECRET
      ? { enabled: true, reason: 'HUBSPOT_CLIENT_SECRET is set' }
      : { enabled: false, reason: 'HUBSPOT_CLIENT_SECRET is unset: signed routes answer 503 not_configured' },
    salesforce: salesforceReady
      ? { enabled: true, reason: 'Salesforce credentials are set' }
      : { enabled: false, reason: 'SALESFORCE_* is unset: Salesforce disabled' },
    slack: config.SLACK_WEBHOOK_URL
      ? { enabled: true, reason: 'SLACK_WEBHOOK_URL is set' }
      : { enabled: false, reason: 'SLACK_WEBHOOK_URL is unset: Slack alerts off (log channel only)' },
  };
}
