import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

// An offline stand-in for `hs project validate`, which needs HubSpot's servers (it fetches the
// component schemas) and whose offline parser skips uid, folder and entrypoint checks. It covers
// the component kinds this project uses: app, card, webhooks. See reference/hubspot.md §1.6.

const PLATFORM_VERSIONS = ['2025.2', '2026.03'] as const;
const UID = z
  .string()
  .min(1, 'uid is empty')
  .max(64, 'uid is longer than 64 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'uid may only contain A-Z a-z 0-9 _ . -');

export const hsProjectSchema = z.strictObject({
  name: z.string().min(1),
  srcDir: z.string().min(1),
  platformVersion: z.enum(PLATFORM_VERSIONS),
});

export const hsProfileSchema = z.strictObject({
  accountId: z.number().int().nonnegative(),
  variables: z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    z.union([z.string(), z.number(), z.boolean()]),
  ),
});

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

export const cardConfigSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  location: z.enum(['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar']),
  entrypoint: z
    .string()
    .regex(/^\/.+\.(tsx|jsx)$/, 'entrypoint must be a /-rooted .tsx or .jsx path under srcDir'),
  objectTypes: z.array(z.string().min(1)).min(1),
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

export const webhooksConfigSchema = z.strictObject({
  settings: z.strictObject({ targetUrl: z.string().min(1), maxConcurrentRequests: z.number().int().min(5) }),
  subscriptions: z.strictObject({
    legacyCrmObjects: z.array(legacySubscription).optional(),
    crmObjects: z.array(z.record(z.string(), z.unknown())).optional(),
    hubEvents: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});

/** Component type → its fixed folder under srcDir, how many are allowed, and its config schema. */
const COMPONENTS = {
  app: { folder: 'app', max: 1, config: appConfigSchema },
  card: { folder: 'app/cards', max: Infinity, config: cardConfigSchema },
  webhooks: { folder: 'app/webhooks', max: 1, config: webhooksConfigSchema },
} as const;
type ComponentType = keyof typeof COMPONENTS;

const hsmetaSchema = z.object({ uid: UID, type: z.enum(['app', 'card', 'webhooks']), config: z.unknown() });

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
    const card = cardConfigSchema.safeParse(meta.config);
    if (meta.type === 'card' && card.success && !existsSync(path.join(srcDir, card.data.entrypoint))) {
      problems.push(`${meta.file}: entrypoint ${card.data.entrypoint} does not exist`);
    }
  }
  problems.push(...(await checkProfiles(srcDir, metas)));
  return problems;
}

/** Absolute paths of the card entry files of a project whose srcDir is `srcDir`. */
export async function cardEntrypoints(srcDir: string): Promise<string[]> {
  const metas = await readHsMetaFiles(srcDir, []);
  return metas
    .filter((meta) => meta.type === 'card')
    .map((meta) => path.join(srcDir, cardConfigSchema.parse(meta.config).entrypoint));
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

// Every profile must resolve every `${VAR}` and turn each outbound URL into a public https one.
async function checkProfiles(srcDir: string, metas: HsMetaFile[]): Promise<string[]> {
  const problems: string[] = [];
  const profileFiles = (await readdir(srcDir)).filter((file) => /^hsprofile\.[^.]+\.json$/.test(file)).sort();
  if (profileFiles.length === 0) profileFiles.push('(no profile)');
  for (const profileFile of profileFiles) {
    const raw =
      profileFile === '(no profile)'
        ? { accountId: 0, variables: {} }
        : await readJson(path.join(srcDir, profileFile), problems);
    const profile = hsProfileSchema.safeParse(raw);
    if (!profile.success) {
      problems.push(...zodProblems(profileFile, profile.error));
      continue;
    }
    for (const meta of metas) {
      const config = interpolate(meta.config, profile.data.variables, (name) => {
        problems.push(`${meta.file} with ${profileFile}: \${${name}} is not defined`);
      });
      for (const url of outboundUrls(meta.type, config)) {
        const problem = httpsProblem(url);
        if (problem !== null) problems.push(`${meta.file} with ${profileFile}: ${url} ${problem}`);
      }
    }
  }
  return problems;
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

function httpsProblem(value: string): string | null {
  if (!URL.canParse(value)) return 'is not an absolute URL';
  const url = new URL(value);
  if (url.protocol !== 'https:') return 'is not https';
  if (url.hostname === 'localhost' || url.hostname === '127.0.0.1')
    return 'points at localhost (use local.json)';
  return null;
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
