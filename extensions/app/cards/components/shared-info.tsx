import { DescriptionList, DescriptionListItem, Text } from '@hubspot/ui-extensions';
import { showValue } from '../format.ts';
import type { Presentation } from '../format.ts';

interface SharedInfoProps {
  shared: Record<string, string | null>;
  presentation: Presentation;
}

/** The property values marketing agreed to hand to sales (`handoff.share`); dates in the portal's time zone. */
export function SharedInfo({ shared, presentation }: SharedInfoProps) {
  const entries = Object.entries(shared);
  if (entries.length === 0) return null;
  return (
    <DescriptionList direction="row">
      {entries.map(([key, value]) => (
        <DescriptionListItem key={key} label={presentation.labels.sharedField(key)}>
          <Text>{showValue(presentation, value)}</Text>
        </DescriptionListItem>
      ))}
    </DescriptionList>
  );
}
