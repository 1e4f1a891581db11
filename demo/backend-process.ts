// The real backend (`server/main.ts`) in a child process, configured as an install on the
// simulated portal: its own data folder, a demo token and client secret, and nothing inherited that
// could point it at a real database, Slack or Salesforce.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface BackendOptions {
  readonly root: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly portalUrl: string;
  readonly portalId: string;
  readonly accessToken: string;
  readonly clientSecret: string;
  /** Each JSON log line of the backend, parsed. */
  readonly onLog?: (entry: Record<string, unknown>) => void;
  readonly readyTimeoutMs?: number;
}

export interface BackendProcess {
  readonly url: string;
  readonly pid: number | undefined;
  /** Resolves with the exit code once the process is gone. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the backend's own graceful shutdown (≤ 10 s by contract). */
  stop(): Promise<number | null>;
}

/** A port nothing listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

const NOT_INHERITED =
  /^(DATABASE_URL|DATA_DIR|DEFINITIONS_FILE|PUBLIC_BASE_URL|TRUST_PROXY|PORT|HUBSPOT_.*|SALESFORCE_.*|SLACK_.*)$/;

export async function startBackend(options: BackendOptions): Promise<BackendProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !NOT_INHERITED.test(name)) env[name] = value;
  }
  Object.assign(env, {
    PORT: String(options.port),
    DATA_DIR: options.dataDir,
    PUBLIC_BASE_URL: url,
    HUBSPOT_API_BASE_URL: options.portalUrl,
    HUBSPOT_PORTAL_ID: options.portalId,
    HUBSPOT_ACCESS_TOKEN: options.accessToken,
    HUBSPOT_CLIENT_SECRET: options.clientSecret,
    LOG_LEVEL: 'info',
  });
  const child = spawn(process.execPath, [join(options.root, 'server/main.ts')], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const stderrTail: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    log.write(`${line}\n`);
    try {
      options.onLog?.(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // Not JSON (a stray print): kept in the log file only.
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    log.write(`${line}\n`);
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      log.end();
      resolve(code);
    });
  });

  const state = { gone: false };
  void exited.then(() => {
    state.gone = true;
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (state.gone) throw new Error(`the backend exited during boot:\n${stderrTail.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the backend was not ready within ${options.readyTimeoutMs ?? 60_000} ms`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    pid: child.pid,
    exited,
    async stop() {
      if (!state.gone) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 12_000);
      const code = await exited;
      clearTimeout(forced);
      return code;
    },
  };
}
