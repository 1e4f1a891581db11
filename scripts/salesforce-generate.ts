// `npm run salesforce:generate`: rewrites the generated files the repository keeps, from the
// shipped definitions: the leadHandoff component's field map and labels modules, the Metadata API
// files of the Lead page package (salesforce/generated, for review), and the component tests'
// fixtures. A test fails when any of them differs from what this produces.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import type { Definitions } from '../src/domain/definitions.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import { leadPageMetadata, LWC_BUNDLE } from '../src/connectors/salesforce/metadata/lead-page-package.ts';
import { DEFAULT_API_VERSION } from '../src/connectors/salesforce/salesforce-api-version.ts';
import { leadPageFixtures } from './lead-page-fixtures.ts';
import { runCommand } from './run-command.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SHIPPED_DEFINITIONS = 'config/definitions.yaml';
const LWC_DIR = `salesforce/lwc/${LWC_BUNDLE}`;

/** Repository path → content of every generated file, for the given definitions. */
export function generatedFiles(defs: Definitions): Map<string, string> {
  const metadata = leadPageMetadata(defs, DEFAULT_API_VERSION);
  if (!metadata.ok) throw new Error(metadata.error.join('\n'));
  const files = new Map<string, string>();
  for (const [path, content] of metadata.value.files) {
    // The component's modules live in its bundle; the rest is kept for review.
    files.set(path.startsWith('lwc/') ? `salesforce/${path}` : `salesforce/generated/${path}`, content);
  }
  const fixtures = leadPageFixtures(defs, DEFAULT_API_VERSION);
  files.set(`${LWC_DIR}/__tests__/data/lead-page-fixtures.json`, `${JSON.stringify(fixtures, null, 2)}\n`);
  return files;
}

export async function loadShippedDefinitions(): Promise<Definitions> {
  const result = await loadDefinitionsFile(join(ROOT, SHIPPED_DEFINITIONS));
  if (!result.ok) throw new Error(formatIssues(result.error));
  return result.value;
}

async function main(): Promise<number> {
  const files = generatedFiles(await loadShippedDefinitions());
  for (const [path, content] of files) {
    const target = join(ROOT, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
    process.stdout.write(`wrote ${path}\n`);
  }
  return 0;
}

if (import.meta.main) runCommand('salesforce:generate', main);
