// Which cards and App Pages the preview shows: every `*-hsmeta.json` of type `card` under
// app/cards/ and of type `page` under app/pages/, with the entry file it names, as HubSpot reads them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface EntryFile {
  readonly key: string;
  readonly kind: 'card' | 'page';
  readonly name: string;
  /** The extension point the entry renders in. */
  readonly location: string;
  /** Absolute path of the entry file. */
  readonly file: string;
}

interface Meta {
  readonly uid?: string;
  readonly type?: string;
  readonly config?: { readonly name?: string; readonly entrypoint?: string; readonly location?: string };
}

async function metaFiles(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder))
      .filter((name) => name.endsWith('-hsmeta.json'))
      .sort()
      .map((name) => join(folder, name));
  } catch {
    return []; // the folder does not exist (no App Pages yet)
  }
}

export async function findEntries(extensionsDir: string): Promise<EntryFile[]> {
  const entries: EntryFile[] = [];
  for (const [folder, kind] of [
    ['app/cards', 'card'],
    ['app/pages', 'page'],
  ] as const) {
    for (const path of await metaFiles(join(extensionsDir, folder))) {
      const meta = JSON.parse(await readFile(path, 'utf8')) as Meta;
      const entrypoint = meta.config?.entrypoint;
      if (meta.type !== kind || entrypoint === undefined) continue;
      const uid = meta.uid ?? path;
      entries.push({
        key: uid.replace(/[^A-Za-z0-9_-]/g, '-'),
        kind,
        name: meta.config?.name ?? (kind === 'page' ? 'App Pages' : uid),
        location: kind === 'card' ? (meta.config?.location ?? 'crm.record.tab') : 'pages',
        // `entrypoint` is relative to the project's srcDir (extensions/), starting with a slash.
        file: join(extensionsDir, entrypoint),
      });
    }
  }
  return entries;
}
