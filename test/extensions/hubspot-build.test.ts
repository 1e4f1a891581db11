import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLikeHubSpot, installLikeHubSpot, uploadedCopy } from '../helpers/hubspot-build.ts';
import { uiExtensionEntries } from '../helpers/hubspot-project.ts';

// The repository's own tests resolve packages from the root node_modules, so they cannot see a
// card that HubSpot fails to build. This builds every card, page and settings entry the way
// HubSpot does after `hs project upload` (see test/helpers/hubspot-build.ts): in a copy of the
// uploaded srcDir, with only the entry folder's package.json installed. New folders (App Pages)
// are picked up from their hsmeta files without touching this test.

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC_DIR = path.join(ROOT, 'extensions');
const VARIABLES = { BACKEND_URL: 'https://leads.example.com' };
const entries = await uiExtensionEntries(SRC_DIR);
const folders = [...new Set(entries.map((entry) => path.relative(SRC_DIR, entry.folder)))];
const copies: string[] = [];

afterAll(async () => {
  await Promise.all(copies.map((copy) => rm(path.dirname(copy), { recursive: true, force: true })));
});

describe("UI extensions built by HubSpot's build", () => {
  it('finds the card entries to build', () => {
    expect(entries.map((entry) => entry.file)).toContain('app/cards/LeadHandoffCard.tsx');
  });

  it.each(folders)(
    'bundles every entry of %s from that folder alone',
    async (folder) => {
      const copy = await uploadedCopy(SRC_DIR);
      copies.push(copy);

      await expectFolderBuilds(copy, folder);
    },
    900_000,
  );

  it('bundles an App Pages folder in the 2026.03 shape that shares the backend client with the cards', async () => {
    const copy = await uploadedCopy(SRC_DIR);
    copies.push(copy);
    await cp(path.join(ROOT, 'test/fixtures/hubspot/app-pages'), path.join(copy, 'app/pages'), {
      recursive: true,
    });

    await expectFolderBuilds(copy, 'app/pages');
  }, 900_000);
});

/** Installs one extension folder of an uploaded copy and bundles each of its entries. */
async function expectFolderBuilds(copy: string, folder: string) {
  const inFolder = (await uiExtensionEntries(copy)).filter((e) => path.relative(copy, e.folder) === folder);
  expect(inFolder.length).toBeGreaterThan(0);
  const installed = path.join(copy, folder);
  await installLikeHubSpot(installed);
  for (const entry of inFolder) {
    const outputDir = path.join(path.dirname(copy), 'dist', path.parse(entry.file).name);
    const bundle = await buildLikeHubSpot(installed, entry.entrypoint, outputDir, VARIABLES);

    expect(bundle.code).toContain('hsFetch');
    // Everything bundled came from the uploaded copy, nothing from the repository.
    const modules = [
      ...(bundle.manifest.modules?.internal ?? []),
      ...(bundle.manifest.modules?.external ?? []),
    ];
    expect(modules.length).toBeGreaterThan(0);
    const outside = modules
      .map((m) => m.module)
      .filter((m) => path.isAbsolute(m) && !m.startsWith(path.dirname(copy) + path.sep));
    expect(outside).toEqual([]);
  }
}
