import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

// The real start command (`node server/main.ts`) as a child process, for what only a process can
// show: exit codes, what reaches stdout and stderr, signals. Waits are generous: a busy machine
// makes boot slow, and no assertion here is about speed except the shutdown budget, which is
// measured from the signal.

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildServer {
  readonly child: ChildProcess;
  readonly exited: Promise<Run>;
  /** Resolves with the port once the "listening" line is logged; rejects if the process exits first. */
  listening(timeoutMs?: number): Promise<number>;
  /** Resolves once a stdout line matches; rejects if the process exits first. */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
  output(): string;
  /** Sends the signal and resolves with the run and the milliseconds from the signal to the exit. */
  stop(signal?: NodeJS.Signals): Promise<Run & { readonly afterSignalMs: number }>;
}

export const BOOT_TIMEOUT_MS = 100_000;

export function startServer(
  env: Record<string, string>,
  command: readonly string[] = ['server/main.ts'],
): ChildServer {
  const child = spawn(process.execPath, [...command], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Run>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
  const logged = async (pattern: RegExp, timeoutMs = BOOT_TIMEOUT_MS): Promise<string> => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${pattern}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never logged ${pattern}: ${stdout} ${stderr}`);
  };
  return {
    child,
    exited,
    logged,
    async listening(timeoutMs = BOOT_TIMEOUT_MS) {
      const line = await logged(/"msg":"listening"/, timeoutMs);
      return Number(/"port":(\d+)/.exec(line)?.[1]);
    },
    output: () => stdout,
    async stop(signal = 'SIGTERM') {
      const signalledAt = Date.now();
      child.kill(signal);
      const run = await exited;
      return { ...run, afterSignalMs: Date.now() - signalledAt };
    },
  };
}

/** stderr as lines, without the empty one after the last newline. */
export function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '');
}
