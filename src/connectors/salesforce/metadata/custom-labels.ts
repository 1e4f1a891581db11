// labels/CustomLabels.labels: the Lead page's words in both languages.
import type { LabelLanguage, LeadPageLabelKey } from './lead-page-labels.ts';
import { customLabelName, LABEL_LANGUAGES, LEAD_PAGE_LABELS } from './lead-page-labels.ts';
import type { XmlNode } from './metadata-xml.ts';
import { metadataDocument } from './metadata-xml.ts';

// Salesforce's language codes for a custom label's `language` (Metadata API, "Translations").
const SALESFORCE_LANGUAGE: Record<LabelLanguage, string> = { en: 'en_US', ja: 'ja' };
// CustomLabel limits (Metadata API, "CustomLabels"): value up to 1,000 characters, short
// description up to 80.
export const LABEL_VALUE_MAX_CHARS = 1_000;
const SHORT_DESCRIPTION_MAX_CHARS = 80;

export interface CustomLabel {
  readonly name: string;
  readonly language: LabelLanguage;
  readonly key: LeadPageLabelKey;
  readonly value: string;
}

export function leadPageCustomLabels(): CustomLabel[] {
  const keys = Object.keys(LEAD_PAGE_LABELS) as LeadPageLabelKey[];
  return LABEL_LANGUAGES.flatMap((language) =>
    keys.map((key) => ({
      name: customLabelName(language, key),
      language,
      key,
      value: LEAD_PAGE_LABELS[key][language],
    })),
  );
}

export function customLabelsXml(labels: readonly CustomLabel[]): string {
  return metadataDocument(
    'CustomLabels',
    labels.map((label): XmlNode => [
      'labels',
      [
        ['fullName', label.name],
        ['categories', 'LeadHandoff'],
        ['language', SALESFORCE_LANGUAGE[label.language]],
        ['protected', false],
        [
          'shortDescription',
          `Lead Handoff page: ${label.key} (${label.language})`.slice(0, SHORT_DESCRIPTION_MAX_CHARS),
        ],
        ['value', label.value],
      ],
    ]),
  );
}
