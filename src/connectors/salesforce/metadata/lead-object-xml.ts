// objects/Lead.object in Metadata API format: only our custom fields. With the fields named one
// by one as CustomField members in package.xml, a deploy creates or updates exactly these fields
// and leaves the rest of Lead alone.
import type { LeadFieldSpec, LeadFieldType } from './lead-fields.ts';
import type { XmlNode } from './metadata-xml.ts';
import { metadataDocument } from './metadata-xml.ts';

function typeNodes(type: LeadFieldType, nameOf: (key: string) => string): XmlNode[] {
  switch (type.kind) {
    case 'Text':
      return [
        ['externalId', type.externalId ?? false],
        ['length', type.length],
        ['required', false],
        ['type', 'Text'],
        ...(type.unique
          ? ([
              ['unique', true],
              ['caseSensitive', false],
            ] as XmlNode[])
          : []),
      ];
    case 'LongTextArea':
      return [
        ['length', type.length],
        ['type', 'LongTextArea'],
        ['visibleLines', type.visibleLines],
      ];
    case 'DateTime':
      return [
        ['required', false],
        ['type', 'DateTime'],
      ];
    case 'Picklist':
      return [
        ['required', false],
        ['type', 'Picklist'],
        ['valueSet', picklistValueSet(type, nameOf)],
      ];
  }
}

// Restricted: only these values can be saved (through the UI and the API), so a reason code the
// definitions do not know cannot reach the Lead. A dependent picklist lists, per value, the
// controlling value it belongs to (valueSettings). Deploying the field again replaces the value
// set: values no longer in the definitions are removed or deactivated by Salesforce.
function picklistValueSet(
  type: Extract<LeadFieldType, { kind: 'Picklist' }>,
  nameOf: (key: string) => string,
): XmlNode[] {
  const controlled = type.controlledBy !== undefined;
  return [
    ...(controlled ? ([['controllingField', nameOf(type.controlledBy ?? '')]] as XmlNode[]) : []),
    ['restricted', true],
    [
      'valueSetDefinition',
      [
        ['sorted', false],
        ...type.values.map((v): XmlNode => [
          'value',
          [
            ['fullName', v.value],
            ['default', false],
            ['label', v.label],
          ],
        ]),
      ],
    ],
    ...(controlled
      ? type.values.map((v): XmlNode => [
          'valueSettings',
          [
            ['controllingFieldValue', v.controllingValue ?? ''],
            ['valueName', v.value],
          ],
        ])
      : []),
  ];
}

export function leadObjectXml(specs: readonly LeadFieldSpec[]): string {
  const byKey = new Map(specs.map((s) => [s.key as string, s.name]));
  const nameOf = (key: string) => byKey.get(key) ?? key;
  return metadataDocument(
    'CustomObject',
    specs.map((spec): XmlNode => {
      // fullName, then the rest by name: the layout Salesforce itself retrieves.
      const rest = [
        ['description', spec.description] as XmlNode,
        ['label', spec.label] as XmlNode,
        ...typeNodes(spec.type, nameOf),
      ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return ['fields', [['fullName', spec.name], ...rest]];
    }),
  );
}
