import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PROFILE_SCRIPT, profileAccountIdProblem, backendUrlProblem } from '../../scripts/hubspot-profile.ts';

// An offline stand-in for `hs project validate`, which needs HubSpot's servers (it fetches the
// component schemas) and whose offline parser skips uid, folder and entrypoint checks. It covers
// the component kinds this project uses or is about to (app, card, page, settings, webhooks) in
// the shapes of platform 2026.03: HubSpot/hubspot-project-components 2026.03/components/*, and
// @hubspot/project-parsing-lib src/lib/constants.js for folders and counts.

/** The one version these checks know: moving to another means reading its templates and updating them. */
const PLATFORM_VERSIONS = ['2026.03'] as const;
const UID = z
  .string()
  .min(1, 'uid is empty')
  .max(64, 'uid is longer than 64 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'uid may only contain A-Z a-z 0-9 _ . -');

export const hsProjectSchema = z.strictObject({
  name: z.string().min(1),
  srcDir: z.string().min(1),
  platformVersion: z.enum(PLATFORM_VERSIONS, {
    error: `the checks in test/helpers/hubspot-project.ts know platform ${PLATFORM_VERSIONS.join(', ')}`,
  }),
});

const profileVariables = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  z.union([z.string(), z.number(), z.boolean()]),
);

/** `hsprofile.<name>.json`: what the CLI reads for `--profile <name>`. */
export const hsProfileSchema = z.strictObject({
  accountId: z.number().int().positive(),
  variables: profileVariables,
});

/** `hsprofile.<name>.json.example`: shipped in git; the profile command adds the account id. */
const hsProfileExampleSchema = z.strictObject({ variables: profileVariables });

const urlList = z.array(z.string()).default([]);

export const appConfigSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  distribution: z.enum(['private', 'marketplace']),
  auth: z.strictObject({
    type: z.enum(['static', 'oauth']),
    redirectUrls: z.array(z.string()).optional(),
    requiredScopes: z.array(z.string().min(1)).min(1),
    optionalScopes: z.array(z.string()).optional(),
    conditionallyRequiredScopes: z.array(z.string()).optional(),
  }),
  permittedUrls: z.strictObject({ fetch: urlList, iframe: urlList, img: urlList }),
  support: z.record(z.string(), z.string()).optional(),
});

const entrypoint = (folder: string) =>
  z
    .string()
    .regex(
      new RegExp(`^/${folder}/[^/]+\\.(tsx|jsx)$`),
      `entrypoint must be a /${folder}/<file>.tsx or .jsx path (rooted at srcDir)`,
    );

export const cardConfigSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  location: z.enum(['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar']),
  entrypoint: entrypoint('app/cards'),
  objectTypes: z.array(z.string().min(1)).min(1),
});

// 2026.03 App Pages: only an entrypoint. 2025.2's app home (`location: "home"`) is gone.
export const pageConfigSchema = z
  .record(z.string(), z.unknown())
  .refine((config) => !('location' in config), {
    message: 'App Pages (2026.03) have no location; 2025.2\'s `location: "home"` app home is gone',
  })
  .pipe(z.strictObject({ entrypoint: entrypoint('app/pages') }));

export const settingsConfigSchema = z.strictObject({ entrypoint: entrypoint('app/settings') });

// The 2026.03 template's generic format (`crmObjects`), plus the legacy one HubSpot still takes.
const crmObjectSubscription = z.strictObject({
  subscriptionType: z.enum([
    'object.creation',
    'object.deletion',
    'object.propertyChange',
    'object.merge',
    'object.restore',
    'object.associationChange',
  ]),
  objectType: z.string().min(1),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});

const legacySubscription = z.strictObject({
  subscriptionType: z.enum([
    'contact.creation',
    'contact.deletion',
    'contact.propertyChange',
    'contact.merge',
    'contact.restore',
    'contact.associationChange',
  ]),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});

const propertyChangeNeedsName = (s: { subscriptionType: string; propertyName?: string | undefined }) =>
  s.subscriptionType.endsWith('.propertyChange') === (s.propertyName !== undefined);

export const webhooksConfigSchema = z.strictObject({
  settings: z.strictObject({ targetUrl: z.string().min(1), maxConcurrentRequests: z.number().int().min(5) }),
  subscriptions: z.strictObject({
    crmObjects: z
      .array(
        crmObjectSubscription.refine(propertyChangeNeedsName, 'propertyName goes with propertyChange only'),
      )
      .optional(),
    legacyCrmObjects: z
      .array(legacySubscription.refine(propertyChangeNeedsName, 'propertyName goes with propertyChange only'))
      .optional(),
    hubEvents: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});

/** Component type → its fixed folder under srcDir, how many are allowed, and its config schema. */
const COMPONENTS = {
  app: { folder: 'app', max: 1, config: appConfigSchema },
  card: { folder: 'app/cards', max: Infinity, config: cardConfigSchema },
  page: { folder: 'app/pages', max: 1, config: pageConfigSchema },
  settings: { folder: 'app/settings', max: 1, config: settingsConfigSchema },
  webhooks: { folder: 'app/webhooks', max: 1, config: webhooksConfigSchema },
} as const;
type ComponentType = keyof typeof COMPONENTS;

/** Components whose entry file HubSpot bundles (React UI extensions). */
const UI_EXTENSIONS = ['card', 'page', 'settings'] as const satisfies readonly ComponentType[];
type UiExtensionType = (typeof UI_EXTENSIONS)[number];

const hsmetaSchema = z.object({
  uid: UID,
  // parsing-lib takes `pages` as another name for `page`.
  type: z
    .enum(['app', 'card', 'page', 'pages', 'settings', 'webhooks'])
    .transform((t) => (t === 'pages' ? 'page' : t)),
  config: z.unknown(),
});

export interface HsMetaFile {
  file: string;
  uid: string;
  type: ComponentType;
  config: unknown;
}

/** Every problem found in the HubSpot project rooted at `root` (where hsproject.json is); [] if none. */
export async function checkHubSpotProject(root: string): Promise<string[]> {
  const problems: string[] = [];
  const project = hsProjectSchema.safeParse(await readJson(path.join(root, 'hsproject.json'), problems));
  if (!project.success) return [...problems, ...zodProblems('hsproject.json', project.error)];
  const srcDir = path.resolve(root, project.data.srcDir);
  if (!srcDir.startsWith(path.resolve(root) + path.sep) || !existsSync(srcDir)) {
    return [`hsproject.json: srcDir ${project.data.srcDir} is missing or outside the project`];
  }

  const metas = await readHsMetaFiles(srcDir, problems);
  checkCountsAndUids(metas, problems);
  for (const meta of metas) {
    const spec = COMPONENTS[meta.type];
    const folder = path.posix.dirname(meta.file);
    if (folder !== spec.folder)
      problems.push(`${meta.file}: a ${meta.type} hsmeta must sit directly in ${spec.folder}/`);
    const config = spec.config.safeParse(meta.config);
    if (!config.success) problems.push(...zodProblems(meta.file, config.error));
  }
  for (const entry of entriesOf(srcDir, metas)) problems.push(...(await checkUiExtension(srcDir, entry)));
  problems.push(...(await checkProfiles(srcDir, metas)));
  return problems;
}

export interface UiExtensionEntry {
  readonly type: UiExtensionType;
  /** The hsmeta file that declares it, relative to srcDir. */
  readonly meta: string;
  /** The entry file, relative to srcDir (`app/cards/LeadHandoffCard.tsx`). */
  readonly file: string;
  /** The folder HubSpot builds it in, absolute: the entry's folder, with its own package.json. */
  readonly folder: string;
  readonly entrypoint: string;
}

/** Every UI extension entry (cards, App Pages, settings) of a project whose srcDir is `srcDir`. */
export async function uiExtensionEntries(srcDir: string): Promise<UiExtensionEntry[]> {
  return entriesOf(srcDir, await readHsMetaFiles(srcDir, []));
}

/** Absolute paths of the card entry files of a project whose srcDir is `srcDir`. */
export async function cardEntrypoints(srcDir: string): Promise<string[]> {
  const entries = await uiExtensionEntries(srcDir);
  return entries.filter((entry) => entry.type === 'card').map((entry) => entry.entrypoint);
}

function entriesOf(srcDir: string, metas: readonly HsMetaFile[]): UiExtensionEntry[] {
  const entries: UiExtensionEntry[] = [];
  for (const meta of metas) {
    const type = meta.type;
    if (!isUiExtension(type)) continue;
    const config = COMPONENTS[type].config.safeParse(meta.config);
    if (!config.success) continue;
    const file = config.data.entrypoint.slice(1);
    const entrypoint = path.join(srcDir, file);
    entries.push({ type, meta: meta.file, file, folder: path.dirname(entrypoint), entrypoint });
  }
  return entries;
}

function isUiExtension(type: ComponentType): type is UiExtensionType {
  return (UI_EXTENSIONS as readonly string[]).includes(type);
}

// HubSpot builds each entry in its own folder, from that folder's package.json alone: a relative
// import that leaves the folder, or a package the folder does not depend on, fails there even
// though the repository (one node_modules at the root) resolves it.
async function checkUiExtension(srcDir: string, entry: UiExtensionEntry): Promise<string[]> {
  if (!existsSync(entry.entrypoint)) return [`${entry.meta}: entrypoint /${entry.file} does not exist`];
  const folder = path.relative(srcDir, entry.folder);
  const packageJson = path.join(entry.folder, 'package.json');
  if (!existsSync(packageJson)) {
    return [`${folder}/: no package.json; HubSpot installs each extension folder from its own`];
  }
  const problems: string[] = [];
  const manifest = z
    .object({ dependencies: z.record(z.string(), z.string()).default({}) })
    .safeParse(await readJson(packageJson, problems));
  const dependencies = manifest.success ? Object.keys(manifest.data.dependencies) : [];
  for (const source of await sourceFiles(entry.folder)) {
    const relative = path.relative(srcDir, source);
    for (const specifier of importSpecifiers(await readFile(source, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(source), specifier);
        if (!target.startsWith(entry.folder + path.sep)) {
          problems.push(
            `${relative}: imports ${specifier} from outside ${folder}/; HubSpot builds ${folder}/ alone: share code through a package in its package.json (see extensions/shared)`,
          );
        }
      } else if (!dependencies.includes(packageName(specifier))) {
        problems.push(
          `${relative}: imports ${specifier}, which ${folder}/package.json does not list in dependencies`,
        );
      }
    }
  }
  if (entry.type === 'page') {
    const code = await readFile(entry.entrypoint, 'utf8');
    if (!/hubspot\.extend<'pages'>/.test(code) || !/createPageRouter/.test(code)) {
      problems.push(
        `${entry.file}: an App Pages entry calls hubspot.extend<'pages'> and renders a router made with createPageRouter from @hubspot/ui-extensions/pages`,
      );
    }
  }
  return [...new Set(problems)];
}

async function sourceFiles(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true }))
    .filter((file) => /\.(ts|tsx|js|jsx)$/.test(file) && !file.split(path.sep).includes('node_modules'))
    .filter((file) => !file.endsWith('.d.ts') && !/(^|[/\\])(eslint|vite)\.config\./.test(file))
    .map((file) => path.join(folder, file))
    .sort();
}

/** Module specifiers of static imports/exports and dynamic imports, comments left out. */
export function importSpecifiers(code: string): string[] {
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const pattern = /\b(?:from|import)\s*\(?\s*(['"])([^'"\n]+)\1/g;
  return [...withoutComments.matchAll(pattern)].map((match) => match[2] ?? '');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

async function readHsMetaFiles(srcDir: string, problems: string[]): Promise<HsMetaFile[]> {
  const files = (await readdir(srcDir, { recursive: true }))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('-hsmeta.json') && !file.includes('node_modules/'))
    .sort();
  const metas: HsMetaFile[] = [];
  for (const file of files) {
    const parsed = hsmetaSchema.safeParse(await readJson(path.join(srcDir, file), problems));
    if (parsed.success) metas.push({ file, ...parsed.data });
    else problems.push(...zodProblems(file, parsed.error));
  }
  return metas;
}

function checkCountsAndUids(metas: HsMetaFile[], problems: string[]) {
  const seen = new Map<string, string>();
  for (const meta of metas) {
    const earlier = seen.get(meta.uid);
    if (earlier !== undefined) problems.push(`${meta.file}: uid ${meta.uid} is already used by ${earlier}`);
    seen.set(meta.uid, meta.file);
  }
  for (const [type, spec] of Object.entries(COMPONENTS)) {
    const count = metas.filter((meta) => meta.type === type).length;
    if (count > spec.max) problems.push(`${count} ${type} components; at most ${spec.max} allowed`);
  }
  if (!metas.some((meta) => meta.type === 'app')) problems.push('no app component (app/app-hsmeta.json)');
}

// Every profile (and example profile) must resolve every `${VAR}` and turn each outbound URL into
// a public https one; a real profile must name its portal.
async function checkProfiles(srcDir: string, metas: HsMetaFile[]): Promise<string[]> {
  const problems: string[] = [];
  const profileFiles = (await readdir(srcDir))
    .filter((file) => /^hsprofile\.[^.]+\.json(\.example)?$/.test(file))
    .sort();
  if (profileFiles.length === 0) profileFiles.push('(no profile)');
  for (const profileFile of profileFiles) {
    const example = profileFile.endsWith('.example');
    const raw =
      profileFile === '(no profile)'
        ? { variables: {} }
        : await readJson(path.join(srcDir, profileFile), problems);
    if (raw === undefined) continue;
    const accountProblem = example ? null : profileAccountIdProblem(raw);
    if (accountProblem !== null) {
      const name = /^hsprofile\.([^.]+)\.json$/.exec(profileFile)?.[1] ?? '<name>';
      problems.push(
        `${profileFile}: ${accountProblem}; the HubSpot CLI refuses it ("missing an account id"). Write it with: ${PROFILE_SCRIPT} -- ${name} --account-id <portal id> --backend-url <https origin>`,
      );
      continue;
    }
    const profile = (example ? hsProfileExampleSchema : hsProfileSchema).safeParse(raw);
    if (!profile.success) {
      problems.push(...zodProblems(profileFile, profile.error));
      continue;
    }
    for (const meta of metas) {
      const config = interpolate(meta.config, profile.data.variables, (name) => {
        problems.push(`${meta.file} with ${profileFile}: \${${name}} is not defined`);
      });
      for (const url of outboundUrls(meta.type, config)) {
        const problem = backendUrlProblem(url);
        if (problem !== null) problems.push(`${meta.file} with ${profileFile}: ${url} ${problem}`);
      }
    }
  }
  return [...new Set(problems)];
}

function outboundUrls(type: ComponentType, config: unknown): string[] {
  if (type === 'app') {
    const app = appConfigSchema.safeParse(config);
    return app.success
      ? [...app.data.permittedUrls.fetch, ...app.data.permittedUrls.iframe, ...app.data.permittedUrls.img]
      : [];
  }
  if (type === 'webhooks') {
    const hooks = webhooksConfigSchema.safeParse(config);
    return hooks.success ? [hooks.data.settings.targetUrl] : [];
  }
  return [];
}

function interpolate(
  value: unknown,
  variables: Record<string, string | number | boolean>,
  missing: (name: string) => void,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      const resolved = variables[name];
      if (resolved === undefined) {
        missing(name);
        return '';
      }
      return String(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, variables, missing));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, variables, missing)]),
    );
  }
  return value;
}

async function readJson(file: string, problems: string[]): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    problems.push(`${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function zodProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
