// The only reader of the definitions file: the bytes come in here, the rules live in the domain.
import { readFile } from 'node:fs/promises';
import type { Definitions, DefinitionsIssue } from '../domain/definitions.ts';
import { parseDefinitions } from '../domain/definitions.ts';
import type { Result } from '../domain/result.ts';
import { err } from '../domain/result.ts';

export const DEFAULT_DEFINITIONS_FILE = 'config/definitions.yaml';

/** Reads and validates a definitions file; a missing file or a YAML syntax error is an issue, not a throw. */
export async function loadDefinitionsFile(path: string): Promise<Result<Definitions, DefinitionsIssue[]>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, expected a YAML file'
          : `cannot be read: ${(error as Error).message}`;
    return err([{ file: path, path: '', line: null, message }]);
  }
  return parseDefinitions(text, path);
}
