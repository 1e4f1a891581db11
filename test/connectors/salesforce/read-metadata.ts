// Reads generated Metadata API XML the way a consumer would: refused unless well-formed, then a
// plain object in which the elements that may repeat are always arrays.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const LISTS = new Set([
  'types',
  'members',
  'fields',
  'valueSettings',
  'fieldPermissions',
  'labels',
  'target',
  'object',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: false,
  // A picklist's <value> repeats; a custom label's <value> is its text.
  isArray: (name, jpath) => LISTS.has(name) || jpath.endsWith('valueSetDefinition.value'),
});

export type Xml = Record<string, unknown>;

export function readMetadata(xml: string, root: string): Xml {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Record<string, Xml | undefined>;
  const node = doc[root];
  if (node === undefined) throw new Error(`no <${root}> root`);
  if (node['@_xmlns'] !== 'http://soap.sforce.com/2006/04/metadata')
    throw new Error(`<${root}> lacks the metadata namespace`);
  return node;
}

export function list<T = Xml>(node: Xml | undefined, key: string): T[] {
  return (node?.[key] as T[] | undefined) ?? [];
}
