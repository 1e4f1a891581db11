// The card's DTO types are a hand-kept mirror of what the server sends (HubSpot builds the card
// folder alone, so it cannot import src/). This test type-checks the mirror against the server's
// own types: every field the card reads must have, on the wire, the type the server sends.
import { globSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

// Wherever the card's folder keeps it (it moves with the card), the mirror is the one `dto.ts`.
function cardDtoFile(): string {
  const found = globSync('extensions/**/dto.ts', {
    cwd: ROOT,
    exclude: (name) => name === 'node_modules',
  });
  if (found.length !== 1)
    throw new Error(`expected one card dto.ts under extensions/, found: ${found.join(', ')}`);
  return join(ROOT, found[0] ?? '');
}

function importPath(from: string, file: string): string {
  const path = relative(from, file).replaceAll('\\', '/');
  return path.startsWith('.') ? path : `./${path}`;
}

// JSON on the wire: dates become strings, readonly goes away; what the card receives.
function agreementSource(dtoFile: string, dir: string): string {
  return `
import type { LeadCardDto, VerdictResponseDto } from '${importPath(dir, dtoFile)}';
import type { CardModel } from '${importPath(dir, join(ROOT, 'src/services/card-model.ts'))}';
import type { toVerdictResponse } from '${importPath(dir, join(ROOT, 'server/routes/verdicts/post-verdict.ts'))}';
type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T;
declare const card: Wire<CardModel>;
declare const verdict: Wire<ReturnType<typeof toVerdictResponse>>;
export const cardAsSent: LeadCardDto = card;
export const verdictAsSent: VerdictResponseDto = verdict;
`;
}

function typeErrors(fileName: string, source: string): string[] {
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

describe('card DTO mirror', () => {
  it('accepts exactly what the server sends for the card model and a verdict', () => {
    const dtoFile = cardDtoFile();
    const dir = join(ROOT, 'test/extensions');
    const fileName = join(dir, '__card-dto-agreement__.ts');
    expect(typeErrors(fileName, agreementSource(dtoFile, dir))).toEqual([]);
  }, 120_000);

  it('notices a disagreement (the check can fail)', () => {
    const dtoFile = cardDtoFile();
    const dir = join(ROOT, 'test/extensions');
    const fileName = join(dir, '__card-dto-disagreement__.ts');
    // The card claiming a field the server never sends must be caught.
    const source = `${agreementSource(dtoFile, dir)}
import type { LeadCardDto as Card } from '${importPath(dir, dtoFile)}';
declare const sent: Wire<CardModel>;
export const stricter: Card & { neverSent: string } = sent;
`;
    expect(typeErrors(fileName, source).join('\n')).toMatch(/neverSent/);
  }, 120_000);
});
