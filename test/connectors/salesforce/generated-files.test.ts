import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles, loadShippedDefinitions, ROOT } from '../../../scripts/salesforce-generate.ts';

// The repository keeps what the generator makes from config/definitions.yaml (the component's
// field map and labels, the package's XML for review, the component tests' fixtures), so the LWC
// tests and a reviewer can read them. They are never edited by hand: this fails when they drift.
describe('generated Salesforce files in the repository', () => {
  it('are exactly what npm run salesforce:generate makes from the shipped definitions', async () => {
    const files = generatedFiles(await loadShippedDefinitions());
    expect([...files.keys()]).toEqual([
      'salesforce/generated/package.xml',
      'salesforce/generated/objects/Lead.object',
      'salesforce/generated/labels/CustomLabels.labels',
      'salesforce/generated/permissionsets/Lead_Handoff_Sales.permissionset',
      'salesforce/generated/permissionsets/Lead_Handoff_Integration.permissionset',
      'salesforce/lwc/leadHandoff/fieldMap.js',
      'salesforce/lwc/leadHandoff/labels.js',
      'salesforce/lwc/leadHandoff/__tests__/data/lead-page-fixtures.json',
    ]);
    for (const [path, expected] of files) {
      const committed = await readFile(join(ROOT, path), 'utf8').catch(() => null);
      expect(committed, `${path} differs from the generator: run npm run salesforce:generate`).toBe(expected);
    }
  });
});
