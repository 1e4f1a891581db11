// `npm run definitions:check [file]`: validates the agreement and reads it back in words, so
// marketing and sales can both sign off on what the product will enforce.
import { DEFAULT_DEFINITIONS_FILE, loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { describeOperator } from '../src/domain/conditions.ts';
import type { ConditionDef, ConditionTest } from '../src/domain/conditions.ts';
import type { Definitions } from '../src/domain/definitions.ts';
import { formatIssues, VERDICT_KINDS } from '../src/domain/definitions.ts';

function condition(c: ConditionTest): string {
  return `${c.property} ${describeOperator(c.operator)}`;
}

function conditionLines(conditions: readonly ConditionDef[]): string[] {
  return conditions.map((c) => `    - [${c.id}] ${c.label}: ${condition(c)}`);
}

export function describeDefinitions(defs: Definitions, file: string): string {
  const { calendar, handoff } = defs;
  const byKind = (kind: ConditionDef['kind']) => defs.conditions.filter((c) => c.kind === kind);
  const behaviours = byKind('behaviour');
  const clock = handoff.clock === 'business' ? 'business time' : 'wall-clock time';
  const lines = [
    `${file} is valid.`,
    `Version ${defs.version} (hash ${defs.hash.slice(0, 12)})`,
    `Timezone ${defs.timezone}; business hours ${calendar.hours.start}–${calendar.hours.end} on ${calendar.workdays.join(', ')}`,
    `  holidays: ${calendar.holidays === 'japan' ? 'Japanese national holidays' : 'none'}; closures: ${calendar.closures.join(', ') || 'none'}`,
    '',
    'A contact is an MQL when it meets:',
    '  all of these attributes:',
    ...conditionLines(byKind('attribute')),
    `  at least ${defs.behavioursAtLeast} of these ${behaviours.length} behaviours:`,
    ...conditionLines(behaviours),
    '  and the score:',
    ...conditionLines(byKind('score')),
    '',
    `Handoff (${clock}):`,
    `  handed to sales within ${handoff.within.text} of qualifying (handed off when ${condition(handoff.handedOffWhen)})`,
    `  verdict within ${handoff.verdictWithin.text} of the handoff`,
    `  warn ${handoff.warnBefore.text} before a deadline, escalate ${handoff.escalateAfter.text} after it`,
    `  shared with the rep: ${
      Object.entries(handoff.share)
        .map(([field, property]) => `${field} (${property})`)
        .join(', ') || 'nothing'
    }`,
    '',
    'Verdict reasons:',
    ...VERDICT_KINDS.flatMap((verdict) => [
      `  ${verdict}:`,
      ...defs.reasons
        .filter((r) => r.verdict === verdict)
        .map(
          (r) =>
            `    - ${r.code}: ${r.label}${r.contradicts.length ? ` (disputes ${r.contradicts.join(', ')})` : ''}`,
        ),
    ]),
    '',
    `Properties read: ${defs.propertiesRead.join(', ')}`,
    `Properties written: ${Object.values(defs.properties).join(', ')}`,
    `Lifecycle stage moved to salesqualifiedlead on accepted: ${defs.writeBack.lifecycleStageOnAccepted ? 'yes' : 'no'}`,
    `Salesforce Lead fields: link ${defs.salesforce.link}; ${Object.entries(defs.salesforce.fields)
      .map(([key, name]) => `${key} ${name}`)
      .join(', ')}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const file = process.argv[2] ?? DEFAULT_DEFINITIONS_FILE;
  const result = await loadDefinitionsFile(file);
  if (!result.ok) {
    const count = result.error.length;
    process.stderr.write(
      `${formatIssues(result.error)}\n${count} problem${count === 1 ? '' : 's'} in ${file}\n`,
    );
    return 1;
  }
  process.stdout.write(`${describeDefinitions(result.value, file)}\n`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
