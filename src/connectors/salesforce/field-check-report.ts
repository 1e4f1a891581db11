// What `npm run salesforce:check` prints about the Lead fields: one line per field of the map, then
// what to do about the problems. Pure.
import type { Definitions } from '../../domain/definitions.ts';
import type { LeadFieldReport } from './lead-describe.ts';
import { leadFieldSpecs } from './metadata/lead-fields.ts';

export function fieldCheckLines(report: LeadFieldReport, defs: Definitions): string[] {
  const specs = leadFieldSpecs(defs);
  const width = Math.max(...specs.map((s) => s.name.length));
  const lines = [`Lead fields of the field map (${specs.length}):`];
  for (const spec of specs) {
    const problems = report.problems.filter((p) => p.key === spec.key);
    const state = problems.length === 0 ? 'ok' : problems.map((p) => p.kind.replace('_', ' ')).join(', ');
    lines.push(`  ${state.padEnd(16)} ${spec.name.padEnd(width)}  ${spec.key}`);
    for (const problem of problems) lines.push(`      ${problem.message}`);
  }
  return lines;
}

export function fieldCheckAdvice(report: LeadFieldReport): string[] {
  if (report.problems.length === 0)
    return ['Every field of the map is there, of the right type, and writable.'];
  const kinds = new Set(report.problems.map((p) => p.kind));
  const lines = [
    `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}. Meanwhile the connector writes and reads the fields that are fine.`,
  ];
  if (kinds.has('missing') || kinds.has('missing_values')) {
    lines.push(
      '- Create the fields and picklist values: npm run salesforce:deploy (it deploys every field of the map, the permission sets and the Lead page; --check-only validates first).',
    );
  }
  if (kinds.has('mistyped')) {
    lines.push(
      '- A field of another type or size: change it in Setup → Object Manager → Lead → Fields & Relationships (a type change can lose data), or name another field in the salesforce: section of the definitions.',
    );
  }
  if (kinds.has('missing') || kinds.has('read_only')) {
    lines.push(
      '- Give the integration user access: Setup → Permission Sets → "Lead Handoff: integration user" (Lead_Handoff_Integration) → Manage Assignments → add the user the backend connects as.',
    );
  }
  lines.push('Then run npm run salesforce:check again.');
  return lines;
}
