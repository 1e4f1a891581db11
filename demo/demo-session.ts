// `npm run demo` as a function (the command, the browser test and the screenshot script share it):
// the simulated portal, the real backend in a child process on its own data folder, loading and
// verdicts through the backend's public routes, and the preview server.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { freePort, startBackend } from './backend-process.ts';
import type { BackendProcess } from './backend-process.ts';
import { deadlinePlanner } from './demo-planner.ts';
import { describeLogLine } from './log-relay.ts';
import { initialSchema } from './portal/portal-properties.ts';
import { DEMO_OWNERS, generatePortfolio } from './portal/portfolio.ts';
import type { Portfolio } from './portal/portfolio.ts';
import { startSimulatedPortal } from './portal/simulated-portal.ts';
import type { PortalSnapshot, SimulatedPortal } from './portal/simulated-portal.ts';
import { buildPreview } from './preview/build-preview.ts';
import { startPreviewServer } from './preview/preview-server.ts';
import type { PreviewServer } from './preview/preview-server.ts';
import { seedBackend } from './seed-backend.ts';
import type { SeedReport } from './seed-backend.ts';

/** Obviously not real credentials: they only open the simulated portal and this demo's backend. */
export const DEMO_ACCESS_TOKEN = 'pat-na1-demo-token-for-the-simulated-portal';
export const DEMO_CLIENT_SECRET = 'demo-client-secret-for-the-simulated-portal';
export const DEMO_PORTAL_ID = '4817522';
export const DEMO_APP_ID = '3140027';

export interface DemoOptions {
  readonly dataDir: string;
  readonly reset?: boolean;
  /** The preview's port (0: any free one). */
  readonly port?: number;
  readonly host?: string;
  /** Project source folders whose cards and App Pages the preview shows (default: extensions/). */
  readonly extensionsDirs?: readonly string[];
  readonly log: (line: string) => void;
}

export interface DemoSession {
  readonly previewUrl: string;
  readonly backendUrl: string;
  readonly portalUrl: string;
  /** Null when an earlier run's data was resumed. */
  readonly seed: SeedReport | null;
  readonly portal: SimulatedPortal;
  /** The contacts placed near their deadlines (empty when resumed). */
  readonly live: Portfolio['live'];
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function readSnapshot(path: string): Promise<PortalSnapshot | null> {
  if (!existsSync(path)) return null;
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { version?: unknown };
  // A snapshot from another layout is ignored: the demo then starts over with a new portfolio.
  return parsed.version === 1 ? (parsed as PortalSnapshot) : null;
}

export async function startDemo(options: DemoOptions): Promise<DemoSession> {
  const began = performance.now();
  // Each line says how long the start has taken so far: the whole start is meant to stay under 60 s.
  const log = (line: string) => {
    options.log(`[${((performance.now() - began) / 1000).toFixed(1)} s] ${line}`);
  };
  if (options.reset) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });
  const snapshotPath = join(options.dataDir, 'portal.json');
  const backendDir = join(options.dataDir, 'backend');
  const definitions = await loadDefinitionsFile(join(ROOT, 'config/definitions.yaml'));
  if (!definitions.ok) throw new Error('config/definitions.yaml is invalid: run npm run definitions:check');

  let snapshot = existsSync(backendDir) ? await readSnapshot(snapshotPath) : null;
  const portfolio =
    snapshot === null
      ? generatePortfolio({ now: new Date(), planner: deadlinePlanner(definitions.value) })
      : null;
  if (snapshot === null) await rm(backendDir, { recursive: true, force: true });
  const portal = await startSimulatedPortal({
    contacts: snapshot?.contacts ?? portfolio?.contacts ?? [],
    owners: snapshot?.owners ?? DEMO_OWNERS,
    schema: snapshot?.schema ?? initialSchema(),
    tasks: snapshot?.tasks ?? [],
    accessToken: DEMO_ACCESS_TOKEN,
    portalId: DEMO_PORTAL_ID,
  });
  log(
    snapshot
      ? `simulated HubSpot portal ${DEMO_PORTAL_ID} resumed from ${snapshotPath} (${portal.fake.contacts.size} contacts; --reset starts over)`
      : `simulated HubSpot portal ${DEMO_PORTAL_ID}: ${portal.fake.contacts.size} contacts over 12 months on ${portal.url}`,
  );

  let backend: BackendProcess | null = null;
  let preview: PreviewServer | null = null;
  const save = async () => writeFile(snapshotPath, JSON.stringify(portal.snapshot()));
  const stop = async () => {
    await preview?.close();
    await backend?.stop();
    await save();
    await portal.close();
  };
  try {
    const backendPort = await freePort();
    const [bundle, started] = await Promise.all([
      buildPreview({ extensionsDirs: options.extensionsDirs ?? [join(ROOT, 'extensions')] }),
      startBackend({
        root: ROOT,
        port: backendPort,
        dataDir: backendDir,
        logFile: join(options.dataDir, 'backend.log'),
        portalUrl: portal.url,
        portalId: DEMO_PORTAL_ID,
        accessToken: DEMO_ACCESS_TOKEN,
        clientSecret: DEMO_CLIENT_SECRET,
        onLog: (entry) => {
          const line = describeLogLine(entry, definitions.value.timezone);
          if (line !== null) log(line);
        },
      }),
    ]);
    backend = started;
    log(
      `backend (npm start's server) on ${backend.url}, data in ${backendDir}, log in ${join(options.dataDir, 'backend.log')}`,
    );
    let seed: SeedReport | null = null;
    if (portfolio) {
      seed = await seedBackend({
        backendUrl: backend.url,
        portalUrl: portal.url,
        clientSecret: DEMO_CLIENT_SECRET,
        portalId: DEMO_PORTAL_ID,
        appId: DEMO_APP_ID,
        contacts: portfolio.contacts,
        owners: portfolio.owners,
        expectedMql: portfolio.expectedMql,
        verdicts: portfolio.verdicts,
        log,
      });
      await save();
      snapshot = portal.snapshot();
    }
    const rep = DEMO_OWNERS[0];
    if (!rep) throw new Error('no demo owner');
    preview = await startPreviewServer({
      bundle,
      port: options.port ?? 0,
      ...(options.host === undefined ? {} : { host: options.host }),
      backendUrl: backend.url,
      portalUrl: portal.url,
      clientSecret: DEMO_CLIENT_SECRET,
      identity: {
        portalId: DEMO_PORTAL_ID,
        userId: String(rep.userId),
        userEmail: rep.email,
        appId: DEMO_APP_ID,
      },
      user: { id: rep.userId, email: rep.email, firstName: rep.firstName, lastName: rep.lastName },
      timezone: definitions.value.timezone,
    });
    return {
      previewUrl: preview.url,
      backendUrl: backend.url,
      portalUrl: portal.url,
      seed,
      portal,
      live: portfolio?.live ?? [],
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
