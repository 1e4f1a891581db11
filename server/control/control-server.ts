import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../src/logging/logger.ts';
import { heldDataDirLock } from '../../src/storage/data-dir-lock.ts';
import type { Core } from '../runtime.ts';
import { createBackfillRuns } from './backfill-runs.ts';
import type { BackfillRuns } from './backfill-runs.ts';

// The server's control port, for commands that cannot open the PGlite data folder it holds
// (`npm run backfill`). It listens on the loopback interface only, on a port the OS picks, written
// into the data folder's lock file together with a random token; a request must carry that token
// (Authorization: Bearer), so only whoever can read the 0600 lock file can use it. It is not part
// of the public HTTP API and never listens on PORT.
//
//   POST   /backfills        {"from": ISO, "to": ISO} → 202 the run (or the same window already running)
//   GET    /backfills/{id}   → 200 {state, done, total, report, error}
//   DELETE /backfills/{id}   → 202: stop after the page in hand (the same command resumes it)

const MAX_BODY = 10_000;

const windowSchema = z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() });

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

function authorised(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '', 'utf8');
  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  runs: BackfillRuns,
): Promise<void> {
  if (!authorised(req, token)) {
    fail(res, 401, 'unauthorized', 'The control port takes the token from the data folder lock file.');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://control').pathname;
  const byId = /^\/backfills\/([0-9a-f-]{36})$/.exec(path)?.[1];
  if (req.method === 'POST' && path === '/backfills') {
    const parsed = windowSchema.safeParse(await readBody(req).catch(() => null));
    if (!parsed.success) {
      fail(res, 400, 'invalid_request', 'The body must be {"from": ISO instant, "to": ISO instant}.');
      return;
    }
    const outcome = await runs.start(new Date(parsed.data.from), new Date(parsed.data.to));
    if (outcome.kind === 'busy') fail(res, 409, 'backfill_running', outcome.message);
    else if (outcome.kind === 'not_configured') fail(res, 503, 'not_configured', outcome.message);
    else send(res, 202, outcome.status);
    return;
  }
  if (byId !== undefined && (req.method === 'GET' || req.method === 'DELETE')) {
    const status = req.method === 'GET' ? runs.get(byId) : runs.stop(byId);
    if (status === null) fail(res, 404, 'not_found', `No backfill ${byId} on this server.`);
    else send(res, req.method === 'GET' ? 200 : 202, status);
    return;
  }
  fail(res, 404, 'not_found', `No control route ${req.method ?? ''} ${path}.`);
}

export async function startControlServer(options: {
  readonly token: string;
  readonly runs: BackfillRuns;
  readonly logger: Logger;
}): Promise<ControlServer> {
  const server = createServer((req, res) => {
    handle(req, res, options.token, options.runs).catch((error: unknown) => {
      options.logger.error({ err: error }, 'control port request failed');
      if (!res.headersSent) fail(res, 500, 'internal', 'The control request failed; see the server log.');
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * On PGlite, serves the control port and publishes it in the data folder's lock file, so
 * `npm run backfill` can hand its window to this server. Nothing on PostgreSQL: there the command
 * opens the database itself.
 */
export async function startServerControl(core: Core): Promise<{ stop(): Promise<void> } | null> {
  const lock = core.db.kind === 'pglite' ? heldDataDirLock(core.config.DATA_DIR) : undefined;
  if (!lock) return null;
  const runs = createBackfillRuns(core);
  const control = await startControlServer({ token: lock.info.token, runs, logger: core.logger });
  await lock.publishControl(control.url);
  core.logger.debug({ url: control.url }, 'control port published in the data folder lock');
  return {
    async stop() {
      await runs.close();
      await control.close();
    },
  };
}
