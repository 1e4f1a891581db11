// `npm run demo [-- --reset] [-- --port 4000]`: the whole loop on a simulated HubSpot portal, in a
// local preview. Ctrl-C stops the preview, the backend (gracefully) and the portal, keeping the
// data in .demo-data/ for next time; --reset starts from a fresh portfolio.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDemo } from './demo-session.ts';

const USAGE =
  'usage: npm run demo [-- --reset] [-- --port <preview port, default 4000>] [-- --data-dir <folder>]';

async function main(): Promise<void> {
  const began = performance.now();
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      reset: { type: 'boolean' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? '4000');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port ${values.port ?? ''} is not a port\n${USAGE}`);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const log = (line: string) => process.stdout.write(`demo: ${line}\n`);
  const session = await startDemo({
    dataDir: values['data-dir'] ?? join(root, '.demo-data'),
    reset: values.reset === true,
    port,
    log,
  });
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const seeded = session.seed
    ? ` (${session.seed.qualified} MQLs, ${session.seed.verdicts} verdicts, loaded by ${session.seed.loadedBy})`
    : '';
  log(`ready in ${seconds} s${seeded}. SLA alerts appear below as deadlines pass. Ctrl-C stops.`);
  process.stdout.write(`\nopen ${session.previewUrl}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: stopping the preview, the backend and the portal…`);
    session.stop().then(
      () => {
        log('stopped; the data stays in .demo-data (npm run demo -- --reset starts over)');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`demo: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => {
    stop('Ctrl-C');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
