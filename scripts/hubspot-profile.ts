// `npm run hubspot:profile -- <name> --account-id <portal id> --backend-url <https origin>`
// writes extensions/hsprofile.<name>.json, the file `hs project upload --profile <name>` reads.
// Real profiles are git-ignored (each deployment has its own portal and backend); the repository
// ships hsprofile.<name>.json.example without an account id, because the HubSpot CLI refuses a
// profile whose accountId is 0 or missing ("Profile … is missing an account id").
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const PROFILE_SCRIPT = 'npm run hubspot:profile';
const SRC_DIR = path.resolve(import.meta.dirname, '../extensions');
// `hs project profile add` accepts only these names (@hubspot/cli commands/project/profile/add.js).
const PROFILE_NAME = /^[A-Za-z0-9]+$/;

type Variables = Record<string, string | number | boolean>;

export interface HubSpotProfile {
  readonly accountId: number;
  readonly variables: Variables;
}

/** Why a profile's `accountId` cannot be uploaded with, or null when it names a portal. */
export function profileAccountIdProblem(profile: unknown): string | null {
  const accountId = field(profile, 'accountId');
  if (accountId === undefined) return 'accountId is missing';
  if (accountId === 0) return 'accountId is 0';
  if (typeof accountId !== 'number' || !Number.isSafeInteger(accountId) || accountId < 0) {
    return `accountId ${JSON.stringify(accountId)} is not a portal id (a whole number above 0)`;
  }
  return null;
}

/** Why a URL cannot be a `hubspot.fetch` origin or a webhook target, or null when it can. */
export function backendUrlProblem(value: string): string | null {
  if (!URL.canParse(value)) return 'is not an absolute URL';
  const url = new URL(value);
  if (url.protocol !== 'https:') return 'is not https';
  if (url.hostname === 'localhost' || url.hostname === '127.0.0.1')
    return 'points at localhost (use local.json)';
  return null;
}

export interface ProfileRequest {
  readonly name: string;
  readonly accountId: string | undefined;
  readonly backendUrl: string | undefined;
  /** The profile being replaced, else the shipped example: its other variables are kept. */
  readonly base: unknown;
}

/** The profile to write, or every problem with the request. */
export function buildProfile(
  request: ProfileRequest,
): { ok: true; profile: HubSpotProfile } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!PROFILE_NAME.test(request.name))
    problems.push(`profile name "${request.name}" may only use A-Z a-z 0-9`);
  const accountId = Number(request.accountId);
  if (request.accountId === undefined || request.accountId === '') {
    problems.push('no account id: pass --account-id <portal id> or set HUBSPOT_ACCOUNT_ID');
  } else if (!/^\d+$/.test(request.accountId) || !Number.isSafeInteger(accountId) || accountId === 0) {
    problems.push(`account id "${request.accountId}" is not a portal id (a whole number above 0)`);
  }
  const variables: Variables = { ...baseVariables(request.base) };
  const backendUrl = (request.backendUrl ?? String(variables['BACKEND_URL'] ?? '')).replace(/\/+$/, '');
  const urlProblem = backendUrl === '' ? 'is missing' : backendUrlProblem(backendUrl);
  if (urlProblem !== null) {
    problems.push(
      `backend URL ${backendUrl === '' ? '' : `${backendUrl} `}${urlProblem}: pass --backend-url <https origin>`,
    );
  } else if (/(^|\.)example\.(com|net|org)$/.test(new URL(backendUrl).hostname)) {
    // The examples' placeholder: a real upload with it gives a card that can never load.
    problems.push(
      `backend URL ${backendUrl} is the example's placeholder: pass --backend-url <https origin>`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, profile: { accountId, variables: { ...variables, BACKEND_URL: backendUrl } } };
}

function baseVariables(base: unknown): Variables {
  const variables = field(base, 'variables');
  if (typeof variables !== 'object' || variables === null) return {};
  return Object.fromEntries(
    Object.entries(variables).filter((entry): entry is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
    ),
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

async function readBase(srcDir: string, name: string): Promise<unknown> {
  for (const file of [`hsprofile.${name}.json`, `hsprofile.${name}.json.example`]) {
    const full = path.join(srcDir, file);
    if (existsSync(full)) return JSON.parse(await readFile(full, 'utf8')) as unknown;
  }
  return undefined;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'account-id': { type: 'string' },
      'backend-url': { type: 'string' },
      // The project's srcDir; another one only for tests.
      'src-dir': { type: 'string', default: SRC_DIR },
    },
  });
  const [name] = positionals;
  if (name === undefined || positionals.length > 1) {
    process.stderr.write(
      `usage: ${PROFILE_SCRIPT} -- <name> --account-id <portal id> --backend-url <https origin>\n`,
    );
    return 2;
  }
  const result = buildProfile({
    name,
    // The HubSpot CLI's own variable (`hs … --use-env`), so one export serves both.
    accountId: values['account-id'] ?? process.env['HUBSPOT_ACCOUNT_ID'],
    backendUrl: values['backend-url'],
    base: await readBase(values['src-dir'], name),
  });
  if (!result.ok) {
    process.stderr.write(`${result.problems.map((p) => `- ${p}`).join('\n')}\n`);
    return 1;
  }
  const file = path.join(values['src-dir'], `hsprofile.${name}.json`);
  await writeFile(file, `${JSON.stringify(result.profile, null, 2)}\n`);
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), file)} (portal ${result.profile.accountId}, backend ${String(result.profile.variables['BACKEND_URL'])}).\nNext: hs project upload --profile ${name}\n`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main();
