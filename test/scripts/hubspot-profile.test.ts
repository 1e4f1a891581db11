import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProfile, profileAccountIdProblem } from '../../scripts/hubspot-profile.ts';
import { hsProfileSchema } from '../helpers/hubspot-project.ts';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const example = { variables: { BACKEND_URL: 'https://leads-staging.example.com' } };
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('buildProfile', () => {
  it('writes the portal id and the backend origin over the example', () => {
    const result = buildProfile({
      name: 'staging',
      accountId: '12345678',
      backendUrl: 'https://leads-staging.acme.test/',
      base: example,
    });

    expect(result).toEqual({
      ok: true,
      profile: { accountId: 12345678, variables: { BACKEND_URL: 'https://leads-staging.acme.test' } },
    });
    if (result.ok) expect(hsProfileSchema.safeParse(result.profile).success).toBe(true);
  });

  it('keeps the backend of the profile it replaces when none is given', () => {
    const current = { accountId: 1, variables: { BACKEND_URL: 'https://leads.acme.test', EXTRA: true } };

    expect(
      buildProfile({ name: 'production', accountId: '2', backendUrl: undefined, base: current }),
    ).toEqual({
      ok: true,
      profile: { accountId: 2, variables: { BACKEND_URL: 'https://leads.acme.test', EXTRA: true } },
    });
  });

  it('refuses 0, a missing id and the example placeholder, all at once', () => {
    expect(buildProfile({ name: 'staging', accountId: '0', backendUrl: undefined, base: example })).toEqual({
      ok: false,
      problems: [
        'account id "0" is not a portal id (a whole number above 0)',
        "backend URL https://leads-staging.example.com is the example's placeholder: pass --backend-url <https origin>",
      ],
    });
    expect(
      buildProfile({
        name: 'staging',
        accountId: undefined,
        backendUrl: 'https://x.acme.test',
        base: example,
      }),
    ).toEqual({
      ok: false,
      problems: ['no account id: pass --account-id <portal id> or set HUBSPOT_ACCOUNT_ID'],
    });
  });

  it('refuses a backend HubSpot cannot call and a name the CLI would not take', () => {
    const result = buildProfile({
      name: 'my staging',
      accountId: '1',
      backendUrl: 'http://localhost:3000',
      base: undefined,
    });

    expect(result).toEqual({
      ok: false,
      problems: [
        'profile name "my staging" may only use A-Z a-z 0-9',
        'backend URL http://localhost:3000 is not https: pass --backend-url <https origin>',
      ],
    });
  });
});

describe('profileAccountIdProblem', () => {
  it('names 0, a missing id and a non-number, and accepts a portal id', () => {
    expect(profileAccountIdProblem({ accountId: 0 })).toBe('accountId is 0');
    expect(profileAccountIdProblem({ variables: {} })).toBe('accountId is missing');
    expect(profileAccountIdProblem({ accountId: '123' })).toBe(
      'accountId "123" is not a portal id (a whole number above 0)',
    );
    expect(profileAccountIdProblem({ accountId: 123 })).toBeNull();
  });
});

describe('npm run hubspot:profile', () => {
  it('writes hsprofile.<name>.json from the example, taking the portal from HUBSPOT_ACCOUNT_ID', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hs-profile-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'hsprofile.staging.json.example'), JSON.stringify(example));

    const { stdout } = await exec(
      process.execPath,
      ['scripts/hubspot-profile.ts', 'staging', '--backend-url', 'https://leads.acme.test', '--src-dir', dir],
      { cwd: ROOT, env: { ...process.env, HUBSPOT_ACCOUNT_ID: '4242' } },
    );

    expect(JSON.parse(await readFile(path.join(dir, 'hsprofile.staging.json'), 'utf8'))).toEqual({
      accountId: 4242,
      variables: { BACKEND_URL: 'https://leads.acme.test' },
    });
    expect(stdout).toContain('hs project upload --profile staging');
  });

  it('exits 1 and writes nothing without a portal id', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hs-profile-'));
    dirs.push(dir);
    const env = { ...process.env };
    delete env['HUBSPOT_ACCOUNT_ID'];

    const run = exec(
      process.execPath,
      ['scripts/hubspot-profile.ts', 'staging', '--backend-url', 'https://leads.acme.test', '--src-dir', dir],
      { cwd: ROOT, env },
    );

    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no account id') as unknown,
    });
  });
});
