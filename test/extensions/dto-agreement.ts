// Type-checks a generated TypeScript file against the project's compiler options: how the DTO
// mirrors in extensions/shared are held to the server's own types (the extension folders are built
// alone by HubSpot, so they cannot import src/; a test keeps the copy honest instead).
import { globSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** Wherever the extensions keep it (it moves with them), the mirror is the one `dto.ts`. */
export function dtoFile(): string {
  const found = globSync('extensions/**/dto.ts', {
    cwd: ROOT,
    exclude: (name) => name === 'node_modules',
  });
  if (found.length !== 1)
    throw new Error(`expected one dto.ts under extensions/, found: ${found.join(', ')}`);
  return join(ROOT, found[0] ?? '');
}

export function importPath(from: string, file: string): string {
  const path = relative(from, file).replaceAll('\\', '/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** JSON on the wire: dates become strings, readonly goes away; what an extension receives. */
export const WIRE_TYPE = `
type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T;
`;

/** The compiler's complaints about `source`, compiled as if it were `fileName`. */
export function typeErrors(fileName: string, source: string): string[] {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  host.fileExists = (name) => name === fileName || ts.sys.fileExists(name);
  host.getSourceFile = (name, language) =>
    name === fileName ? ts.createSourceFile(name, source, language, true) : getSourceFile(name, language);
  const program = ts.createProgram([fileName], { ...parsed.options, noEmit: true }, host);
  const file = program.getSourceFile(fileName);
  return ts
    .getPreEmitDiagnostics(program, file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
