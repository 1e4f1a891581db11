// What `npm run salesforce:deploy` tells the admin: what is in the package, what Salesforce did
// with it, and the steps no deploy can take for them.
import type { DeployOutcome } from './deploy-package.ts';
import type { PackageComponents } from './lead-page-package.ts';
import { LWC_BUNDLE } from './lead-page-package.ts';
import { PERMISSION_SETS } from './permission-sets.ts';

const LIST_AT_MOST = 8;

function shortList(members: readonly string[]): string {
  const shown = members.slice(0, LIST_AT_MOST).join(', ');
  return members.length > LIST_AT_MOST ? `${shown}, … (${members.length} in all)` : shown;
}

export function describeComponents(components: readonly PackageComponents[]): string[] {
  return components.map((c) => `  ${c.type} (${c.members.length}): ${shortList(c.members)}`);
}

export function describeOutcome(outcome: DeployOutcome): string[] {
  const verb = outcome.checkOnly ? 'Validation' : 'Deploy';
  const lines = [
    `${verb} ${outcome.id}: ${outcome.status} (${outcome.componentsDeployed}/${outcome.componentsTotal} components)`,
  ];
  if (outcome.success) {
    const created = outcome.components.filter((c) => c.created).map((c) => `${c.type} ${c.fullName}`);
    const changed = outcome.components
      .filter((c) => c.changed && !c.created)
      .map((c) => `${c.type} ${c.fullName}`);
    const unchanged = outcome.components.filter((c) => !c.changed && !c.created).length;
    if (created.length > 0) lines.push(`  created: ${shortList(created)}`);
    if (changed.length > 0) lines.push(`  updated: ${shortList(changed)}`);
    if (unchanged > 0) lines.push(`  unchanged: ${unchanged}`);
    if (outcome.checkOnly)
      lines.push('  Nothing was changed in the org. Run again without --check-only to deploy.');
    return lines;
  }
  for (const f of outcome.failures) {
    const where = f.line === null ? f.fileName : `${f.fileName}:${f.line}`;
    lines.push(`  FAILED ${f.type} ${f.fullName} (${where}): ${f.problem}`);
  }
  if (outcome.errorMessage !== null) lines.push(`  ${outcome.errorMessage}`);
  lines.push('  Nothing was deployed (the deploy rolls back on any error).');
  return lines;
}

export function adminSteps(): string[] {
  const [sales, integration] = PERMISSION_SETS;
  return [
    'What an admin must still do in Salesforce:',
    `  1. Assign the permission set "${sales?.label ?? ''}" (${sales?.name ?? ''}) to the sales reps, and "${integration?.label ?? ''}" (${integration?.name ?? ''}) to the user the backend connects as (Setup → Permission Sets → Manage Assignments).`,
    `  2. Open a Lead → gear menu → Edit Page; drag the custom component "Lead Handoff" (${LWC_BUNDLE}) onto the page; Save.`,
    '  3. Activate the page if it is new (Activation → org default, or per app and profile) and check it on a Lead.',
    '  4. If Leads use record types: make the new SQL Verdict Reason values available to each record type (Object Manager → Lead → Record Types).',
    '  5. Keep "MQL Handoff Details" off page layouts: it is the JSON the component reads.',
  ];
}
