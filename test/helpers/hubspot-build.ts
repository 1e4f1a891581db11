import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

// Builds UI extensions (cards, App Pages, settings) the way HubSpot does after `hs project upload`:
// the CLI zips srcDir without node_modules and dot files; HubSpot's build service then, in each
// extension's folder alone, makes a lockfile if there is none, runs `npm ci`, and bundles the
// entry with `remoteBuild` from @hubspot/ui-extensions-dev-server, the folder as the Vite root.
// Sources: @hubspot/cli lib/projects/upload.js (archive filter), @hubspot/local-dev-lib
// lib/ignoreRules.js (what is left out), @hubspot/ui-extensions-dev-server dist/lib/bin/cli.js
// (its `build` command "mirrors" the build service: lockfile, install, remoteBuild) and
// dist/lib/build.js (remoteBuild: minified IIFE, react external, unresolved import = failure).

const exec = promisify(execFile);

/** Files `hs project upload` leaves out of the archive (local-dev-lib ignoreRules, the ones that can occur here). */
function isLeftOutOfUpload(name: string): boolean {
  return (
    name === 'node_modules' ||
    name.startsWith('.') ||
    name.endsWith('.log') ||
    name.endsWith('.swp') ||
    name.endsWith('~') ||
    /^hubspot\.config\.ya?ml$/.test(name)
  );
}

/**
 * A copy of `srcDir` as HubSpot receives it, in a fresh temporary folder with no node_modules in
 * any parent: a package resolved during the build can only come from the copy itself.
 */
export async function uploadedCopy(srcDir: string): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'hs-upload-'));
  for (let dir = parent; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) {
      throw new Error(`${dir}/node_modules exists: a build under ${parent} would not be isolated`);
    }
  }
  const copy = path.join(parent, path.basename(srcDir));
  await cp(srcDir, copy, {
    recursive: true,
    filter: (source) => source === srcDir || !isLeftOutOfUpload(path.basename(source)),
  });
  return copy;
}

// npm run by `npm test` inherits npm_config_* (prefix, workspace…) pointing at the repository:
// the build's npm must see only the extension folder, like the build service's.
function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|VITEST)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

const NETWORK_HICCUP = /ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|network/i;

async function npm(folder: string, args: string[]): Promise<void> {
  // The npm cache makes repeat runs offline; a network hiccup on a slow machine gets one retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await exec('npm', [...args, '--prefer-offline'], {
        cwd: folder,
        env: isolatedEnv(),
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return;
    } catch (error) {
      const detail = String((error as { stderr?: unknown }).stderr ?? error);
      if (attempt < 2 && NETWORK_HICCUP.test(detail)) continue;
      throw new Error(`npm ${args.join(' ')} failed in ${folder}:\n${detail}`);
    }
  }
}

/** The build service's install step: `npm install --package-lock-only` when no lockfile, then `npm ci`. */
export async function installLikeHubSpot(folder: string): Promise<void> {
  if (!existsSync(path.join(folder, 'package.json'))) {
    throw new Error(`${folder} has no package.json: HubSpot installs each extension folder from its own`);
  }
  if (!existsSync(path.join(folder, 'package-lock.json'))) {
    await npm(folder, ['install', '--package-lock-only', '--no-audit', '--no-fund']);
  }
  await npm(folder, ['ci', '--ignore-scripts', '--no-audit', '--no-optional', '--no-fund']);
}

export interface ExtensionBundle {
  /** The minified IIFE HubSpot serves to the extension worker. */
  readonly code: string;
  /** remoteBuild's manifest: the modules bundled (paths relative to the folder, or absolute outside it). */
  readonly manifest: { modules?: { internal?: { module: string }[]; external?: { module: string }[] } };
}

const REMOTE_BUILD = createRequire(import.meta.url).resolve('@hubspot/ui-extensions-dev-server/build');

// In a child process, as the build service runs it: no vitest module graph, no NODE_ENV=test,
// its own working directory (remoteBuild reports paths relative to it).
const BUILD_SCRIPT = `
const [modulePath, options] = process.argv.slice(1);
const { remoteBuild } = await import(modulePath);
await remoteBuild(JSON.parse(options));
`;

/** Bundles one entry file of an installed extension folder with HubSpot's `remoteBuild`. */
export async function buildLikeHubSpot(
  folder: string,
  entrypoint: string,
  outputDir: string,
  variables: Readonly<Record<string, string | number | boolean>>,
): Promise<ExtensionBundle> {
  const options = {
    root: folder,
    entryPoint: entrypoint,
    outputDir,
    logLevel: 'error',
    appConfig: { variables },
  };
  try {
    await exec(
      process.execPath,
      ['--input-type=module', '-e', BUILD_SCRIPT, pathToFileURL(REMOTE_BUILD).href, JSON.stringify(options)],
      { cwd: folder, env: isolatedEnv(), timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    // Vite's error carries the whole module list: keep the message, drop the stack and the list.
    const stderr = String((error as { stderr?: unknown }).stderr ?? error).split('\n');
    const end = stderr.findIndex((line) => /^\s+at /.test(line));
    const detail = stderr.slice(0, end === -1 ? 30 : end).join('\n');
    throw new Error(`HubSpot's build of ${path.basename(entrypoint)} failed:\n${detail}`);
  }
  const name = path.parse(entrypoint).name;
  const files = await readdir(outputDir);
  if (!files.includes(`${name}.js`)) throw new Error(`no ${name}.js in ${outputDir}: ${files.join(', ')}`);
  return {
    code: await readFile(path.join(outputDir, `${name}.js`), 'utf8'),
    manifest: JSON.parse(
      await readFile(path.join(outputDir, `${name}-manifest.json`), 'utf8'),
    ) as ExtensionBundle['manifest'],
  };
}
