import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as realPages from '@hubspot/ui-extensions/pages';
import * as real from '@hubspot/ui-extensions';
import { buildPreview } from '../../demo/preview/build-preview.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/demo/extensions');

// Runtime exports of @hubspot/ui-extensions 0.17.0 the preview does not stand in for: none of
// our extensions uses them (a build that imports one fails, see below).
const NOT_PROVIDED = ['RemoteEvent', 'formatCrmProperties', 'iconNames', 'useCrmSearch'];

describe('the preview bundle', () => {
  it('bundles the real card and any App Page with the stand-in in place of @hubspot/ui-extensions', async () => {
    const bundle = await buildPreview({ extensionsDirs: [join(ROOT, 'extensions'), FIXTURE] });
    expect(bundle.entries.map((entry) => [entry.key, entry.kind, entry.location])).toEqual([
      ['lead-handoff-card', 'card', 'crm.record.tab'],
      ['lead-handoff-pages', 'page', 'pages'],
      ['funnel-preview-fixture', 'page', 'pages'],
    ]);
    expect(bundle.assets.get('/')?.body.toString('utf8')).toContain('<script type="module"');
    const code = [...bundle.assets.entries()]
      .filter(([path]) => path.endsWith('.js'))
      .map(([, asset]) => asset.body.toString('utf8'))
      .join('\n');
    // The card's own words (its labels.ts) are in, HubSpot's remote renderer is not.
    expect(code).toContain('MQL 判定の根拠');
    expect(code).toContain('Funnel fixture');
    expect(code).not.toContain('@remote-ui');
    expect(code).not.toContain('createRemoteRoot');
  });

  it('stands in for every runtime export of the package but a known few', async () => {
    // Browser code (typed against the DOM by demo/web/tsconfig.json): loaded by path, not typed here.
    const load = (path: string) =>
      import(pathToFileURL(join(ROOT, path)).href) as Promise<Record<string, unknown>>;
    const standIn = await load('demo/web/ui-extensions/index.tsx');
    const standInPages = await load('demo/web/ui-extensions/pages.tsx');
    const missing = Object.keys(real).filter((name) => !(name in standIn));
    expect(missing.sort()).toEqual(NOT_PROVIDED);
    expect(Object.keys(realPages).filter((name) => !(name in standInPages))).toEqual([]);
  });

  it('fails the build, naming it, when an extension imports something the stand-in lacks', async () => {
    const dir = await mkdtemp(join(ROOT, 'test/fixtures/demo/.tmp-'));
    try {
      await mkdir(join(dir, 'app/pages'), { recursive: true });
      await writeFile(
        join(dir, 'app/pages/bad-hsmeta.json'),
        JSON.stringify({ uid: 'bad', type: 'page', config: { entrypoint: '/app/pages/Bad.ts' } }),
      );
      await writeFile(
        join(dir, 'app/pages/Bad.ts'),
        "import { hubspot, useCrmSearch } from '@hubspot/ui-extensions';\nhubspot.extend(() => useCrmSearch as never);\n",
      );
      await expect(buildPreview({ extensionsDirs: [dir] })).rejects.toThrow(/useCrmSearch/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
