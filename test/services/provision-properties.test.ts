import { describe, expect, it } from 'vitest';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import { feedbackPropertySpecs, FEEDBACK_GROUP } from '../../src/services/provision-properties.ts';

describe('feedbackPropertySpecs', () => {
  it('builds every contract property in the sales_feedback group, options from the definitions', async () => {
    const loaded = await loadDefinitionsFile('config/definitions.yaml');
    if (!loaded.ok) throw new Error('shipped definitions must load');
    const specs = feedbackPropertySpecs(loaded.value);
    expect(FEEDBACK_GROUP.name).toBe('sales_feedback');
    expect(specs.map((spec) => `${spec.name}:${spec.type}`)).toEqual([
      'sql_verdict:enumeration',
      'sql_verdict_reason:enumeration',
      'sql_verdict_note:string',
      'sql_verdict_at:datetime',
      'sql_verdict_by:string',
      'mql_definition_version:string',
      'mql_qualified_at:datetime',
      'mql_grounds:string',
      'mql_handoff_due_at:datetime',
      'mql_sla_status:enumeration',
    ]);
    const reasons = specs.find((spec) => spec.name === 'sql_verdict_reason');
    expect(reasons?.options?.map((option) => option.value)).toEqual(
      loaded.value.reasons.map((reason) => reason.code),
    );
    expect(reasons?.options?.find((option) => option.value === 'no-budget')?.label).toBe('予算なし');
    const statuses = specs.find((spec) => spec.name === 'mql_sla_status');
    expect(statuses?.options?.map((option) => option.value)).toEqual([
      'not_started',
      'on_track',
      'due_soon',
      'breached',
      'met',
    ]);
    expect(specs.find((spec) => spec.name === 'mql_grounds')?.fieldType).toBe('textarea');
  });
});
