// The package on disk and in a zip: reading the component's sources, writing `--out DIR`, and the
// zip the Metadata API takes (package.xml at its root, hence `singlePackage: true` on deploy).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { LwcSourceFile } from './lead-page-package.ts';
import { LWC_BUNDLE } from './lead-page-package.ts';

/** salesforce/lwc/leadHandoff in this repository. */
export const LWC_SOURCE_DIR = fileURLToPath(
  new URL(`../../../../salesforce/lwc/${LWC_BUNDLE}/`, import.meta.url),
);

/** The bundle's files; `__tests__` and dotfiles are not part of what Salesforce receives. */
export async function readLwcSources(dir: string = LWC_SOURCE_DIR): Promise<LwcSourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  return Promise.all(files.map(async (name) => ({ name, content: await readFile(join(dir, name), 'utf8') })));
}

/** Writes every file under `dir` (created if needed); returns the paths written, relative to it. */
export async function writePackageFiles(files: ReadonlyMap<string, string>, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [path, content] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
    written.push(path);
  }
  return written;
}

// A fixed timestamp keeps the zip's bytes a function of its contents.
const MTIME = new Date('2026-01-01T00:00:00Z');

export function zipPackageFiles(files: ReadonlyMap<string, string>): Buffer {
  const tree: Zippable = {};
  for (const [path, content] of files) tree[path] = [strToU8(content), { mtime: MTIME }];
  return Buffer.from(zipSync(tree, { level: 9 }));
}
