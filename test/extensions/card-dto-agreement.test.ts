// The card's DTO types are a hand-kept mirror of what the server sends (HubSpot builds the card
// folder alone, so it cannot import src/). This test type-checks the mirror against the server's
// own types: every field the card reads must have, on the wire, the type the server sends.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, WIRE_TYPE, dtoFile, importPath, typeErrors } from './dto-agreement.ts';

function agreementSource(dto: string, dir: string): string {
  return `
import type { LeadCardDto, VerdictResponseDto } from '${importPath(dir, dto)}';
import type { CardModel } from '${importPath(dir, join(ROOT, 'src/services/card-model.ts'))}';
import type { toVerdictResponse } from '${importPath(dir, join(ROOT, 'server/routes/verdicts/post-verdict.ts'))}';
${WIRE_TYPE}
declare const card: Wire<CardModel>;
declare const verdict: Wire<ReturnType<typeof toVerdictResponse>>;
export const cardAsSent: LeadCardDto = card;
export const verdictAsSent: VerdictResponseDto = verdict;
`;
}

describe('card DTO mirror', () => {
  it('accepts exactly what the server sends for the card model and a verdict', () => {
    const dir = join(ROOT, 'test/extensions');
    const fileName = join(dir, '__card-dto-agreement__.ts');
    expect(typeErrors(fileName, agreementSource(dtoFile(), dir))).toEqual([]);
  }, 120_000);

  it('notices a disagreement (the check can fail)', () => {
    const dto = dtoFile();
    const dir = join(ROOT, 'test/extensions');
    const fileName = join(dir, '__card-dto-disagreement__.ts');
    // The card claiming a field the server never sends must be caught.
    const source = `${agreementSource(dto, dir)}
import type { LeadCardDto as Card } from '${importPath(dir, dto)}';
declare const sent: Wire<CardModel>;
export const stricter: Card & { neverSent: string } = sent;
`;
    expect(typeErrors(fileName, source).join('\n')).toMatch(/neverSent/);
  }, 120_000);
});
