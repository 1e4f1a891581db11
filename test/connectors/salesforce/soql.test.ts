import { describe, expect, it } from 'vitest';
import { inListQueries, queryPath, soqlString } from '../../../src/connectors/salesforce/soql.ts';

describe('SOQL building', () => {
  it('escapes quotes, backslashes and line breaks in literals', () => {
    expect(soqlString('O\'Brien \\ "x"\n')).toBe("'O\\'Brien \\\\ \\\"x\\\"\\n'");
  });

  it('splits an IN list so that each URL stays within the budget, each value once', () => {
    const values = Array.from({ length: 1_000 }, (_, i) => String(100_000 + i));
    const prefix = 'https://leadhandoff-demo.my.salesforce.com/services/data/v62.0';
    const queries = inListQueries({
      select: 'SELECT Id FROM Lead',
      field: 'Link__c',
      values: [...values, ...values],
      urlPrefixBytes: prefix.length,
      maxUrlBytes: 2_000,
    });
    expect(queries.length).toBeGreaterThan(5);
    for (const soql of queries) {
      const url = new URL(prefix + queryPath(soql));
      // What goes on the wire, after the URL parser's own escaping.
      expect(url.href.length).toBeLessThanOrEqual(2_000);
      expect(url.href).toBe(prefix + queryPath(soql));
    }
    const listed = queries.flatMap((q) => [...q.matchAll(/'(\d+)'/g)].map((m) => m[1]));
    expect(listed).toEqual(values);
  });
});
