// The deploy package for the Lead page, in Metadata API format: package.xml and one folder per
// component type. Built from the definitions every time, so a change of field names or reasons
// is what gets deployed; nothing here is a hand-kept copy.
import type { Definitions } from '../../../domain/definitions.ts';
import type { Result } from '../../../domain/result.ts';
import { err, ok } from '../../../domain/result.ts';
import { customLabelsXml, leadPageCustomLabels } from './custom-labels.ts';
import type { LeadFieldSpec } from './lead-fields.ts';
import { leadFieldProblems, leadFieldSpecs } from './lead-fields.ts';
import { leadObjectXml } from './lead-object-xml.ts';
import { FIELD_MAP_MODULE, fieldMapModule, LABELS_MODULE, labelsModule } from './lwc-modules.ts';
import type { XmlNode } from './metadata-xml.ts';
import { metadataDocument } from './metadata-xml.ts';
import { PERMISSION_SETS, permissionSetXml } from './permission-sets.ts';

export const LWC_BUNDLE = 'leadHandoff';

export interface LwcSourceFile {
  /** File name inside the bundle folder, e.g. `leadHandoff.html`. */
  readonly name: string;
  readonly content: string;
}

export interface PackageComponents {
  readonly type: string;
  readonly members: readonly string[];
}

export interface LeadPagePackage {
  readonly apiVersion: string;
  /** Path inside the package (`objects/Lead.object`) → UTF-8 content. */
  readonly files: ReadonlyMap<string, string>;
  readonly components: readonly PackageComponents[];
  readonly fields: readonly LeadFieldSpec[];
}

export interface LeadPageMetadata {
  readonly fields: readonly LeadFieldSpec[];
  readonly components: readonly PackageComponents[];
  /** Everything but the component's own sources: the XML and the two generated modules. */
  readonly files: ReadonlyMap<string, string>;
}

function packageXml(components: readonly PackageComponents[], apiVersion: string): string {
  return metadataDocument('Package', [
    ...components.map((c): XmlNode => [
      'types',
      [...c.members.map((m): XmlNode => ['members', m]), ['name', c.type]],
    ]),
    ['version', apiVersion],
  ]);
}

/** The generated part of the package; also what the repository keeps under salesforce/generated. */
export function leadPageMetadata(defs: Definitions, apiVersion: string): Result<LeadPageMetadata, string[]> {
  const fields = leadFieldSpecs(defs);
  const problems = leadFieldProblems(fields);
  if (problems.length > 0) return err(problems);
  const labels = leadPageCustomLabels();
  // Types in the order Salesforce lists them when it retrieves a package.
  const components: PackageComponents[] = [
    { type: 'CustomField', members: fields.map((f) => `Lead.${f.name}`) },
    { type: 'CustomLabel', members: labels.map((l) => l.name) },
    { type: 'LightningComponentBundle', members: [LWC_BUNDLE] },
    { type: 'PermissionSet', members: PERMISSION_SETS.map((p) => p.name) },
  ];
  const files = new Map<string, string>([
    ['package.xml', packageXml(components, apiVersion)],
    ['objects/Lead.object', leadObjectXml(fields)],
    ['labels/CustomLabels.labels', customLabelsXml(labels)],
    ...PERMISSION_SETS.map((set): [string, string] => [
      `permissionsets/${set.name}.permissionset`,
      permissionSetXml(set, fields),
    ]),
    [`lwc/${LWC_BUNDLE}/${FIELD_MAP_MODULE}`, fieldMapModule(fields)],
    [`lwc/${LWC_BUNDLE}/${LABELS_MODULE}`, labelsModule(labels)],
  ]);
  return ok({ fields, components, files });
}

const REQUIRED_SOURCES = [`${LWC_BUNDLE}.js`, `${LWC_BUNDLE}.html`, `${LWC_BUNDLE}.js-meta.xml`];
const GENERATED_MODULES = new Set([FIELD_MAP_MODULE, LABELS_MODULE]);

/**
 * The whole package: the generated metadata plus the component's sources. The bundle's generated
 * modules are always the freshly generated ones, whatever copy the source folder holds.
 */
export function buildLeadPagePackage(
  defs: Definitions,
  options: { readonly apiVersion: string; readonly lwcSources: readonly LwcSourceFile[] },
): Result<LeadPagePackage, string[]> {
  const missing = REQUIRED_SOURCES.filter((name) => !options.lwcSources.some((f) => f.name === name));
  if (missing.length > 0) return err(missing.map((name) => `the ${LWC_BUNDLE} component has no ${name}`));
  const metadata = leadPageMetadata(defs, options.apiVersion);
  if (!metadata.ok) return metadata;
  const files = new Map(metadata.value.files);
  for (const source of options.lwcSources) {
    if (!GENERATED_MODULES.has(source.name)) files.set(`lwc/${LWC_BUNDLE}/${source.name}`, source.content);
  }
  return ok({
    apiVersion: options.apiVersion,
    files,
    components: metadata.value.components,
    fields: metadata.value.fields,
  });
}
