import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { createHarness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

// The preview exists only in the demo command's own server. The product app never mounts it:
// no module under demo/ is reachable from server/main.ts, and the app answers 404 for the
// preview's paths whatever the environment says.

const ROOT = resolve(import.meta.dirname, '../..');
const PREVIEW_PATHS = [
  '/',
  '/index.html',
  '/assets/index.js',
  '/_preview/session',
  '/_preview/portal/contacts',
];

/** Relative imports of a TypeScript file (static, side-effect and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from\s+|import\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), match[1] ?? '');
    if (existsSync(target)) found.push(target);
  }
  return found;
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return seen;
}

describe('the preview is not part of the product', () => {
  it('is unreachable from the backend entry point (npm start runs server/main.ts)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start']).toBe('node server/main.ts');
    const modules = [...reachableFrom(join(ROOT, 'server/main.ts'))].map((file) => relative(ROOT, file));
    expect(modules.length).toBeGreaterThan(50);
    expect(modules).toContain('server/app.ts');
    expect(modules.filter((file) => file.startsWith('demo/'))).toEqual([]);
  });

  it('finds demo modules when they are imported (the walk can fail)', () => {
    const modules = [...reachableFrom(join(ROOT, 'demo/run-demo.ts'))].map((file) => relative(ROOT, file));
    expect(modules).toContain('demo/preview/preview-server.ts');
  });

  describe('the product app', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase('pglite');
    });
    afterAll(async () => {
      await database.close();
    });

    // Variables someone might try to turn a preview on with: none of them does anything.
    const environments: Record<string, string>[] = [
      {},
      { DEMO: '1', PREVIEW: 'true', LEAD_HANDOFF_PREVIEW: '1', NODE_ENV: 'development' },
      {
        HUBSPOT_ACCESS_TOKEN: 'pat-na1-fake-token-for-tests-only',
        HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9',
      },
    ];
    for (const [index, env] of environments.entries()) {
      it(`answers 404 for the preview's paths (environment ${index + 1})`, async () => {
        const harness = await createHarness({ db: database.db, env });
        try {
          for (const path of PREVIEW_PATHS) {
            const answer = await request(harness.app, 'GET', path);
            expect(answer.status, path).toBe(404);
            expect(answer.text, path).not.toContain('Preview: not HubSpot');
          }
          const proxy = await request(
            harness.app,
            'POST',
            '/_preview/fetch',
            JSON.stringify({ url: 'http://127.0.0.1/api/cards/lead' }),
            {
              'content-type': 'application/json',
            },
          );
          expect(proxy.status).toBe(404);
        } finally {
          await harness.stop();
        }
      });
    }
  });
});
