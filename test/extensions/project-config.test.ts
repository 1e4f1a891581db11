import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorState, hubspot, LoadingSpinner } from '@hubspot/ui-extensions';
import type { ExtensionPointApi } from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardEntrypoints, checkHubSpotProject } from '../helpers/hubspot-project.ts';
import { BACKEND_URL, jsonResponse, leadCardFixture } from './lead-card-fixture.ts';

// Cards receive the context and actions; the deprecated serverless runner is left out on purpose.
type CardCallback = (api: Pick<ExtensionPointApi<'crm.record.tab'>, 'context' | 'actions'>) => ReactElement;

const ROOT = path.resolve(import.meta.dirname, '../..');
const copies: string[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A throwaway copy of the HubSpot project (hsproject.json + extensions/) to break one thing in. */
async function projectCopy() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hs-project-'));
  copies.push(dir);
  await cp(path.join(ROOT, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  await cp(path.join(ROOT, 'extensions'), path.join(dir, 'extensions'), {
    recursive: true,
    filter: (source) => !source.includes('node_modules') && path.basename(source) !== 'local.json',
  });
  return dir;
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

  it('catches a permitted fetch URL that is not https in one profile', async () => {
    const dir = await projectCopy();
    await editJson(path.join(dir, 'extensions/hsprofile.staging.json'), (json) => {
      json['variables'] = { BACKEND_URL: 'http://leads-staging.example.com' };
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems).toContain(
      'app/app-hsmeta.json with hsprofile.staging.json: http://leads-staging.example.com is not https',
    );
    expect(problems.every((problem) => problem.includes('hsprofile.staging.json'))).toBe(true);
  });

  it('catches a placeholder a profile does not define', async () => {
    const dir = await projectCopy();
    await editJson(path.join(dir, 'extensions/hsprofile.production.json'), (json) => {
      json['variables'] = { BACKEND: 'https://leads.example.com' };
    });

    const problems = await checkHubSpotProject(dir);
    expect(problems).toContain(
      'app/app-hsmeta.json with hsprofile.production.json: ${BACKEND_URL} is not defined',
    );
  });

  it('catches an unknown key in a card config and an unsupported platform version', async () => {
    const dir = await projectCopy();
    await editJson(cardMeta(dir), (json) => {
      json['config'] = { ...(json['config'] as object), objectType: ['contacts'] };
    });
    await editJson(path.join(dir, 'hsproject.json'), (json) => {
      json['platformVersion'] = '2025.1';
    });

    expect((await checkHubSpotProject(dir))[0]).toMatch(/^hsproject\.json: platformVersion/);
    await editJson(path.join(dir, 'hsproject.json'), (json) => {
      json['platformVersion'] = '2025.2';
    });
    expect(await checkHubSpotProject(dir)).toEqual([
      expect.stringMatching(
        /lead-handoff-card-hsmeta\.json: \(root\): Unrecognized key: "objectType"/,
      ) as unknown,
    ]);
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
