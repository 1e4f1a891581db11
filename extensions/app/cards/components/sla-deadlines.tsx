import { DescriptionList, DescriptionListItem, Flex, StatusTag, Text } from '@hubspot/ui-extensions';
import type { SlaStatus } from '@lead-handoff/shared/dto';
import { formatBusinessTimeLeft, showInstant } from '../format.ts';
import type { Presentation } from '../format.ts';

type StatusTagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';

const STATUS_VARIANT: Record<SlaStatus, StatusTagVariant> = {
  not_started: 'default',
  on_track: 'info',
  due_soon: 'warning',
  breached: 'danger',
  met: 'success',
};

interface Deadline {
  dueAt: string | null;
  status: SlaStatus;
  businessMsLeft?: number | null;
}

interface SlaDeadlinesProps {
  handoff: Deadline;
  verdictDue: Deadline;
  presentation: Presentation;
}

export function SlaDeadlines({ handoff, verdictDue, presentation }: SlaDeadlinesProps) {
  const { labels } = presentation;
  return (
    <DescriptionList direction="row">
      <DescriptionListItem label={labels.handoffDue}>
        <DeadlineLine testId="sla-handoff" deadline={handoff} presentation={presentation} />
      </DescriptionListItem>
      <DescriptionListItem label={labels.verdictDue}>
        <DeadlineLine testId="sla-verdict" deadline={verdictDue} presentation={presentation} />
      </DescriptionListItem>
    </DescriptionList>
  );
}

function DeadlineLine(props: { testId: string; deadline: Deadline; presentation: Presentation }) {
  const { deadline, presentation } = props;
  // Time left only matters while the clock runs; a met or unstarted deadline has none to show.
  const running = deadline.status !== 'met' && deadline.status !== 'not_started';
  const left = running ? formatBusinessTimeLeft(deadline.businessMsLeft, presentation.labels) : null;
  return (
    <Flex direction="column" gap="xs">
      <StatusTag testId={props.testId} variant={STATUS_VARIANT[deadline.status]}>
        {presentation.labels.slaStatus[deadline.status]}
      </StatusTag>
      {deadline.dueAt !== null && (
        <Text variant="microcopy">{showInstant(presentation, deadline.dueAt)}</Text>
      )}
      {left !== null && <Text testId={`${props.testId}-left`}>{left}</Text>}
    </Flex>
  );
}
