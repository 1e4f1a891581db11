// A small writer for Metadata API XML files: elements in the order given (the Metadata API reads
// them by name, but a stable order keeps the generated files diffable), text escaped, UTF-8.

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** An element: its name and either text or child elements. `null` children are skipped. */
export type XmlNode = readonly [
  name: string,
  content: string | number | boolean | readonly (XmlNode | null)[],
];

/** Escapes element text (the writer makes no attributes but the namespace, so quotes stay as they are). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function render(node: XmlNode, depth: number): string {
  const [name, content] = node;
  const indent = '    '.repeat(depth);
  if (!Array.isArray(content)) return `${indent}<${name}>${escapeXml(String(content))}</${name}>`;
  const children = (content as readonly (XmlNode | null)[]).filter((c): c is XmlNode => c !== null);
  if (children.length === 0) return `${indent}<${name}/>`;
  return [`${indent}<${name}>`, ...children.map((c) => render(c, depth + 1)), `${indent}</${name}>`].join(
    '\n',
  );
}

/** A whole file: declaration, the root in the metadata namespace, a final newline. */
export function metadataDocument(root: string, children: readonly (XmlNode | null)[]): string {
  const body = children
    .filter((c): c is XmlNode => c !== null)
    .map((c) => render(c, 1))
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${METADATA_NAMESPACE}">\n${body}\n</${root}>\n`;
}
