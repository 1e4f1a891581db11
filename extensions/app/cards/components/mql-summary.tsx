import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import type { MqlDto } from '@lead-handoff/shared/dto';
import { showInstant } from '../format.ts';
import type { Presentation } from '../format.ts';

interface MqlSummaryProps {
  mql: MqlDto;
  definitionVersion: string;
  presentation: Presentation;
}

export function MqlSummary({ mql, definitionVersion, presentation }: MqlSummaryProps) {
  const { labels } = presentation;
  return (
    <Flex direction="row" gap="sm" align="center" wrap>
      <Tag testId="mql-status" variant={mql.status === 'mql' ? 'success' : 'default'}>
        {labels.mqlStatus[mql.status]}
      </Tag>
      <Text inline>
        {labels.definitionVersion}: {definitionVersion}
      </Text>
      {mql.qualifiedAt !== null && (
        <Text inline testId="mql-qualified-at">
          {labels.qualifiedAt}: {showInstant(presentation, mql.qualifiedAt)}
        </Text>
      )}
    </Flex>
  );
}
