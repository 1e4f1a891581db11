import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorState, hubspot, LoadingSpinner } from '@hubspot/ui-extensions';
import type { ExtensionPointApi } from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardEntrypoints, checkHubSpotProject, uiExtensionEntries } from '../helpers/hubspot-project.ts';
import { BACKEND_URL, jsonResponse, leadCardFixture } from './lead-card-fixture.ts';

// Cards receive the context and actions; the deprecated serverless runner is left out on purpose.
type CardCallback = (api: Pick<ExtensionPointApi<'crm.record.tab'>, 'context' | 'actions'>) => ReactElement;

const ROOT = path.resolve(import.meta.dirname, '../..');
const copies: string[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A throwaway copy of the HubSpot project (hsproject.json + extensions/) to break one thing in:
 * as in a fresh clone, without the git-ignored local.json and real profiles.
 */
async function projectCopy() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hs-project-'));
  copies.push(dir);
  await cp(path.join(ROOT, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  await cp(path.join(ROOT, 'extensions'), path.join(dir, 'extensions'), {
    recursive: true,
    filter: (source) =>
      !source.includes('node_modules') &&
      path.basename(source) !== 'local.json' &&
      !/^hsprofile\.[^.]+\.json$/.test(path.basename(source)),
  });
  return dir;
}

async function writeProfile(dir: string, name: string, profile: unknown) {
  await writeFile(path.join(dir, `extensions/hsprofile.${name}.json`), JSON.stringify(profile, null, 2));
}

/** Adds app/pages/ as the 2026.03 template shapes it (test/fixtures/hubspot/app-pages). */
async function addAppPages(dir: string) {
  const pages = path.join(dir, 'extensions/app/pages');
  await mkdir(pages, { recursive: true });
  await cp(path.join(ROOT, 'test/fixtures/hubspot/app-pages'), pages, { recursive: true });
  return pages;
}

async function editJson(file: string, edit: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

const cardMeta = (dir: string) => path.join(dir, 'extensions/app/cards/lead-handoff-card-hsmeta.json');

describe('HubSpot project configuration', () => {
  it('passes on the real project', async () => {
    await expect(checkHubSpotProject(ROOT)).resolves.toEqual([]);
  });

  it('catches a uid with a character HubSpot refuses', async () => {
    const dir = await projectCopy();
    await editJson(cardMeta(dir), (json) => {
      json['uid'] = 'lead handoff card';
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems).toEqual([
      expect.stringMatching(/lead-handoff-card-hsmeta\.json: uid: uid may only contain/) as unknown,
    ]);
  });

  it('catches a uid longer than 64 characters and a uid used twice', async () => {
    const dir = await projectCopy();
    await editJson(cardMeta(dir), (json) => {
      json['uid'] = 'x'.repeat(65);
    });
    await editJson(path.join(dir, 'extensions/app/webhooks/webhooks-hsmeta.json'), (json) => {
      json['uid'] = 'lead-handoff-app';
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems.some((problem) => problem.includes('longer than 64'))).toBe(true);
    expect(problems.some((problem) => problem.includes('uid lead-handoff-app is already used'))).toBe(true);
  });

  it('catches a card hsmeta outside app/cards/', async () => {
    const dir = await projectCopy();
    await rename(cardMeta(dir), path.join(dir, 'extensions/app/lead-handoff-card-hsmeta.json'));

    const problems = await checkHubSpotProject(dir);
    expect(problems).toEqual([
      'app/lead-handoff-card-hsmeta.json: a card hsmeta must sit directly in app/cards/',
    ]);
  });

  it('catches a card hsmeta nested below app/cards/', async () => {
    const dir = await projectCopy();
    const nested = path.join(dir, 'extensions/app/cards/components/lead-handoff-card-hsmeta.json');
    await rename(cardMeta(dir), nested);

    const problems = await checkHubSpotProject(dir);
    expect(problems).toEqual([
      'app/cards/components/lead-handoff-card-hsmeta.json: a card hsmeta must sit directly in app/cards/',
    ]);
  });

  it('catches a card entrypoint that does not exist', async () => {
    const dir = await projectCopy();
    await rm(path.join(dir, 'extensions/app/cards/LeadHandoffCard.tsx'));

    const problems = await checkHubSpotProject(dir);
    expect(problems).toEqual([
      'app/cards/lead-handoff-card-hsmeta.json: entrypoint /app/cards/LeadHandoffCard.tsx does not exist',
    ]);
  });

  it('passes with a profile written for a real portal next to the shipped examples', async () => {
    const dir = await projectCopy();
    await writeProfile(dir, 'staging', {
      accountId: 12345678,
      variables: { BACKEND_URL: 'https://leads-staging.acme.test' },
    });

    await expect(checkHubSpotProject(dir)).resolves.toEqual([]);
  });

  it('refuses a profile whose accountId is 0 and names the command that writes one', async () => {
    const dir = await projectCopy();
    await writeProfile(dir, 'staging', {
      accountId: 0,
      variables: { BACKEND_URL: 'https://leads.acme.test' },
    });

    expect(await checkHubSpotProject(dir)).toEqual([
      'hsprofile.staging.json: accountId is 0; the HubSpot CLI refuses it ("missing an account id"). Write it with: npm run hubspot:profile -- staging --account-id <portal id> --backend-url <https origin>',
    ]);
  });

  it('refuses a profile without an accountId', async () => {
    const dir = await projectCopy();
    await writeProfile(dir, 'production', { variables: { BACKEND_URL: 'https://leads.acme.test' } });

    expect(await checkHubSpotProject(dir)).toEqual([
      expect.stringMatching(
        /^hsprofile\.production\.json: accountId is missing; the HubSpot CLI refuses it/,
      ) as unknown,
    ]);
  });

  it('refuses an account id in an example profile, which is shared by everyone', async () => {
    const dir = await projectCopy();
    await editJson(path.join(dir, 'extensions/hsprofile.staging.json.example'), (json) => {
      json['accountId'] = 12345678;
    });

    expect(await checkHubSpotProject(dir)).toEqual([
      'hsprofile.staging.json.example: (root): Unrecognized key: "accountId"',
    ]);
  });

  it('catches a permitted fetch URL that is not https in one profile', async () => {
    const dir = await projectCopy();
    await writeProfile(dir, 'staging', {
      accountId: 12345678,
      variables: { BACKEND_URL: 'http://leads-staging.example.com' },
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems).toContain(
      'app/app-hsmeta.json with hsprofile.staging.json: http://leads-staging.example.com is not https',
    );
    expect(problems.every((problem) => problem.includes('hsprofile.staging.json'))).toBe(true);
  });

  it('catches a placeholder a profile does not define', async () => {
    const dir = await projectCopy();
    await editJson(path.join(dir, 'extensions/hsprofile.production.json.example'), (json) => {
      json['variables'] = { BACKEND: 'https://leads.example.com' };
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems).toContain(
      'app/app-hsmeta.json with hsprofile.production.json.example: ${BACKEND_URL} is not defined',
    );
  });

  it('catches an unknown key in a card config and a platform version other than 2026.03', async () => {
    const dir = await projectCopy();
    await editJson(cardMeta(dir), (json) => {
      json['config'] = { ...(json['config'] as object), objectType: ['contacts'] };
    });
    await editJson(path.join(dir, 'hsproject.json'), (json) => {
      json['platformVersion'] = '2025.2';
    });

    expect((await checkHubSpotProject(dir))[0]).toMatch(
      /^hsproject\.json: platformVersion: .* know platform 2026\.03/,
    );
    await editJson(path.join(dir, 'hsproject.json'), (json) => {
      json['platformVersion'] = '2026.03';
    });
    expect(await checkHubSpotProject(dir)).toEqual([
      expect.stringMatching(
        /lead-handoff-card-hsmeta\.json: \(root\): Unrecognized key: "objectType"/,
      ) as unknown,
    ]);
  });

  it('catches a card file that imports code from outside its folder', async () => {
    const dir = await projectCopy();
    const labels = path.join(dir, 'extensions/app/cards/labels.ts');
    await writeFile(
      labels,
      (await readFile(labels, 'utf8')).replace("'@lead-handoff/shared/dto'", "'../../shared/dto.ts'"),
    );

    expect(await checkHubSpotProject(dir)).toEqual([
      'app/cards/labels.ts: imports ../../shared/dto.ts from outside app/cards/; HubSpot builds app/cards/ alone: share code through a package in its package.json (see extensions/shared)',
    ]);
  });

  it('catches a package a card imports but its folder does not depend on', async () => {
    const dir = await projectCopy();
    await editJson(path.join(dir, 'extensions/app/cards/package.json'), (json) => {
      json['dependencies'] = { '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' };
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems).toContain(
      'app/cards/backend.ts: imports @lead-handoff/shared/api, which app/cards/package.json does not list in dependencies',
    );
  });

  it('accepts App Pages in the 2026.03 shape and builds them like cards', async () => {
    const dir = await addAppPages(await projectCopy()).then((pages) => path.resolve(pages, '../../..'));

    await expect(checkHubSpotProject(dir)).resolves.toEqual([]);
    const entries = await uiExtensionEntries(path.join(dir, 'extensions'));
    expect(entries.map((entry) => [entry.type, entry.file, path.relative(dir, entry.folder)])).toEqual([
      ['card', 'app/cards/LeadHandoffCard.tsx', 'extensions/app/cards'],
      ['page', 'app/pages/Pages.tsx', 'extensions/app/pages'],
    ]);
  });

  it("refuses 2025.2's app home shape, a page without a router, and a second page component", async () => {
    const dir = await projectCopy();
    const pages = await addAppPages(dir);
    await editJson(path.join(pages, 'pages-hsmeta.json'), (json) => {
      json['config'] = { location: 'home', entrypoint: '/app/pages/Pages.tsx' };
    });
    await writeFile(
      path.join(pages, 'Pages.tsx'),
      "import { hubspot, Text } from '@hubspot/ui-extensions';\nhubspot.extend<'pages'>(() => <Text>x</Text>);\n",
    );
    await writeFile(
      path.join(pages, 'other-hsmeta.json'),
      JSON.stringify({ uid: 'second-pages', type: 'pages', config: { entrypoint: '/app/pages/Pages.tsx' } }),
    );

    expect(await checkHubSpotProject(dir)).toEqual([
      '2 page components; at most 1 allowed',
      'app/pages/pages-hsmeta.json: (root): App Pages (2026.03) have no location; 2025.2\'s `location: "home"` app home is gone',
      "app/pages/Pages.tsx: an App Pages entry calls hubspot.extend<'pages'> and renders a router made with createPageRouter from @hubspot/ui-extensions/pages",
    ]);
  });

  it('requests exactly the scopes the deploy guide explains', async () => {
    const app = JSON.parse(await readFile(path.join(ROOT, 'extensions/app/app-hsmeta.json'), 'utf8')) as {
      config: { auth: { requiredScopes: string[] } };
    };
    const guide = await readFile(path.join(ROOT, 'docs/deploy-hubspot.md'), 'utf8');
    const table = guide.slice(guide.indexOf('### Scopes'), guide.indexOf('## 8.'));
    const explained = [...table.matchAll(/^\| `([a-z.]+)` \|/gm)].map((match) => match[1]);

    expect([...app.config.auth.requiredScopes].sort()).toEqual(explained.sort());
  });

  it('renders every card entry file without errors', async () => {
    const entries = await cardEntrypoints(path.join(ROOT, 'extensions'));
    expect(entries.length).toBeGreaterThan(0);
    vi.spyOn(hubspot, 'fetch').mockImplementation(() => Promise.resolve(jsonResponse(leadCardFixture())));
    const registered: CardCallback[] = [];
    vi.spyOn(hubspot, 'extend').mockImplementation((callback) => {
      registered.push(callback as CardCallback);
    });

    for (const entry of entries) await import(entry);

    expect(registered).toHaveLength(entries.length);
    for (const callback of registered) {
      const renderer = createRenderer('crm.record.tab');
      const { context, actions } = renderer.mocks;
      renderer.render(
        callback({
          context: { ...context, variables: { BACKEND_URL } },
          actions,
        }),
      );
      await renderer.waitFor(() => {
        expect(renderer.maybeFind(LoadingSpinner)).toBeNull();
      });
      expect(renderer.maybeFind(ErrorState)).toBeNull();
    }
  });
});
