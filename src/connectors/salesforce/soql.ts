// Building SOQL safely: quoted literals, and `IN (…)` lists split so that each query's request stays
// within what Salesforce takes.
//
// Limits (Salesforce Help 000386264, "Maximum number of rows returned by SOQL queries over the REST
// API"): the URI and headers of one REST call together hold at most 16,384 bytes; a longer URI is
// refused with 414 URI Too Long, longer headers with 431. SOQL and SOSL Limits: a statement holds at
// most 100,000 characters, each string in a WHERE clause at most 4,000. A GET query carries the
// SOQL in its URI, so the URI is the binding limit: we keep each query's URL within half of it and
// leave the rest to the headers (the bearer token, Sforce-Call-Options).
export const QUERY_URL_MAX_BYTES = 8_192;

// As the request goes on the wire: encodeURIComponent leaves the quote alone, and the URL parser
// of fetch then escapes it in the query of an http(s) URL (WHATWG URL, special-query
// percent-encode set), so it is escaped here already and counted as sent.
function encodeQueryValue(text: string): string {
  return encodeURIComponent(text).replace(/'/g, '%27');
}

/** The REST path of a query (GET /query?q=…), encoded as sent. */
export function queryPath(soql: string): string {
  return `/query?q=${encodeQueryValue(soql)}`;
}

// Quoted String Escape Sequences (SOQL and SOSL Reference): a backslash escapes the quote, the
// backslash itself and the control characters below.
const ESCAPES: Readonly<Record<string, string>> = {
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function soqlString(value: string): string {
  return `'${value.replace(/['"\\\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/**
 * `SELECT … WHERE field IN (…)` queries covering every value once, each at most
 * `maxUrlBytes` long as a URL (`urlPrefixBytes`: the instance and version path before `/query`).
 */
export function inListQueries(input: {
  readonly select: string;
  readonly field: string;
  readonly values: readonly string[];
  readonly urlPrefixBytes: number;
  readonly maxUrlBytes?: number;
}): string[] {
  const budget = input.maxUrlBytes ?? QUERY_URL_MAX_BYTES;
  const head = `${input.select} WHERE ${input.field} IN (`;
  const fixed = input.urlPrefixBytes + queryPath(`${head})`).length;
  const queries: string[] = [];
  let list: string[] = [];
  let size = fixed;
  for (const value of [...new Set(input.values)]) {
    const literal = soqlString(value);
    // Each literal after the first costs a comma too (%2C encoded).
    const cost = encodeQueryValue(literal).length + (list.length > 0 ? 3 : 0);
    if (list.length > 0 && size + cost > budget) {
      queries.push(`${head}${list.join(',')})`);
      list = [];
      size = fixed;
    }
    list.push(literal);
    size += list.length === 1 ? encodeQueryValue(literal).length : cost;
  }
  if (list.length > 0) queries.push(`${head}${list.join(',')})`);
  return queries;
}
