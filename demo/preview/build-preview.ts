// Bundles the preview with Vite: the real card and page entries, with `@hubspot/ui-extensions`
// (and its `/pages` entry point) aliased to the preview's stand-in. Built in memory at demo start.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Rolldown } from 'vite';
import { findEntries } from './preview-entries.ts';
import type { EntryFile } from './preview-entries.ts';

export interface PreviewAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface PreviewBundle {
  /** By URL path: `/` (the page) and `/assets/…`. */
  readonly assets: ReadonlyMap<string, PreviewAsset>;
  readonly entries: readonly EntryFile[];
}

const WEB = fileURLToPath(new URL('../web/', import.meta.url));
const VIRTUAL = 'virtual:preview-entries';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function entriesModule(entries: readonly EntryFile[]): string {
  const items = entries.map(
    (entry) =>
      `{ key: ${JSON.stringify(entry.key)}, kind: ${JSON.stringify(entry.kind)}, name: ${JSON.stringify(entry.name)}, location: ${JSON.stringify(entry.location)}, load: () => import(${JSON.stringify(entry.file)}) }`,
  );
  return `export const entries = [\n${items.join(',\n')}\n];\n`;
}

/** `extensionsDirs`: project source folders (`srcDir`) whose cards and pages the preview shows. */
export async function buildPreview(options: {
  readonly extensionsDirs: readonly string[];
}): Promise<PreviewBundle> {
  const entries = (await Promise.all(options.extensionsDirs.map(findEntries))).flat();
  const output = await build({
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    mode: 'production',
    root: WEB,
    base: '/',
    publicDir: false,
    resolve: {
      alias: [
        { find: /^@hubspot\/ui-extensions$/, replacement: `${WEB}ui-extensions/index.tsx` },
        { find: /^@hubspot\/ui-extensions\/pages$/, replacement: `${WEB}ui-extensions/pages.tsx` },
      ],
      // An extension folder with its own node_modules must not bring a second React.
      dedupe: ['react', 'react-dom'],
    },
    oxc: { jsx: { runtime: 'automatic' } },
    plugins: [
      {
        name: 'preview-entries',
        resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
        load: (id) => (id === `\0${VIRTUAL}` ? entriesModule(entries) : null),
      },
    ],
    build: {
      write: false,
      outDir: 'dist',
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      modulePreload: false,
      rolldownOptions: { input: `${WEB}index.html` },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const assets = new Map<string, PreviewAsset>();
  for (const result of results) {
    for (const file of result.output) {
      const extension = /\.[a-z]+$/.exec(file.fileName)?.[0] ?? '';
      const body = file.type === 'chunk' ? Buffer.from(file.code) : Buffer.from(file.source);
      const path = file.fileName === 'index.html' ? '/' : `/${file.fileName}`;
      assets.set(path, { contentType: TYPES[extension] ?? 'application/octet-stream', body });
    }
  }
  return { assets, entries };
}
