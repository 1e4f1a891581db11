import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// `npm start` and every other script that runs our TypeScript first checks that this Node can:
// an older one gets one sentence saying which Node is needed, not ERR_UNKNOWN_FILE_EXTENSION.

interface PackageJson {
  readonly scripts: Readonly<Record<string, string>>;
}

const PREFLIGHT = 'node scripts/require-node.cjs';

function run(command: string, args: readonly string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

// The machine's own Node, when it is one that cannot run TypeScript (Debian's is 20).
const SYSTEM_NODE = '/usr/bin/node';
const systemNodeTooOld =
  existsSync(SYSTEM_NODE) &&
  existsSync('/usr/bin/npm') &&
  execFileSync(SYSTEM_NODE, ['-p', 'Boolean(process.features.typescript)']).toString().trim() === 'false';

describe('the Node version preflight', () => {
  it('runs before every npm script that executes TypeScript', async () => {
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as PackageJson;
    const runsTypeScript = Object.entries(scripts)
      .filter(([name, command]) => !name.startsWith('pre') && /\bnode \S+\.ts\b|\bvitest\b/.test(command))
      .map(([name]) => name);
    expect(runsTypeScript).toEqual(expect.arrayContaining(['start', 'test', 'bench', 'backfill']));
    for (const name of runsTypeScript) expect(scripts[`pre${name}`], name).toBe(PREFLIGHT);
  });

  it('passes silently on this Node', async () => {
    const result = await run(process.execPath, ['scripts/require-node.cjs'], {});
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it.runIf(systemNodeTooOld)(
    'stops `npm start` on an older Node with one line saying which Node is needed',
    async () => {
      const result = await run('/usr/bin/npm', ['start'], {
        PATH: '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
      });
      expect(result.code).not.toBe(0);
      const output = `${result.stdout}\n${result.stderr}`;
      const lines = output.split('\n').filter((line) => /Node\.js 22\.18/.test(line));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^lead-handoff needs Node\.js 22\.18 or newer \(24 recommended\).*this is Node v\d+/,
      );
      expect(output).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
      expect(output).not.toMatch(/^\s+at /m);
    },
    60_000,
  );
});
