import { BootError } from '../server/runtime.ts';

/** Runs a CLI's main: its number is the exit code; a boot problem prints its message, a bug its stack. */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message =
        error instanceof BootError
          ? error.message
          : error instanceof Error
            ? (error.stack ?? error.message)
            : String(error);
      process.stderr.write(`${name} failed: ${message}\n`);
      process.exitCode = 1;
    },
  );
}
