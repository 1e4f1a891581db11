import { Alert, Flex, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import type { CurrentVerdictDto, WriteBackState } from '@lead-handoff/shared/dto';
import { showInstant } from '../format.ts';
import type { Presentation } from '../format.ts';

const WRITE_BACK_VARIANT: Record<WriteBackState, 'warning' | 'success' | 'danger'> = {
  pending: 'warning',
  written: 'success',
  failed: 'danger',
  superseded: 'warning',
};

interface CurrentVerdictProps {
  verdict: CurrentVerdictDto | null;
  presentation: Presentation;
}

export function CurrentVerdict({ verdict, presentation }: CurrentVerdictProps) {
  const { labels } = presentation;
  if (verdict === null) return <Text testId="no-verdict">{labels.noVerdict}</Text>;
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="sm" align="center" wrap>
        <Tag testId="verdict-kind" variant={verdict.verdict === 'accepted' ? 'success' : 'default'}>
          {labels.verdictKind[verdict.verdict]}
        </Tag>
        <Text inline>
          {labels.reason}: {verdict.reasonLabel}
        </Text>
        <StatusTag testId="verdict-write-back" variant={WRITE_BACK_VARIANT[verdict.writeBack]}>
          {labels.writeBack[verdict.writeBack]}
        </StatusTag>
      </Flex>
      {verdict.note !== null && verdict.note !== '' && (
        <Text>
          {labels.note}: {verdict.note}
        </Text>
      )}
      <Text variant="microcopy">
        {labels.decided(showInstant(presentation, verdict.decidedAt), verdict.decidedBy)}
      </Text>
      {verdict.writeBack === 'failed' && (
        <Alert testId="verdict-write-back-error" title={labels.writeBack.failed} variant="danger">
          {verdict.writeBackError ?? ''}
        </Alert>
      )}
    </Flex>
  );
}
