import {
  Button,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Text,
  hubspot,
} from '@hubspot/ui-extensions';
import type { ExtensionPointApiContext } from '@hubspot/ui-extensions';
import { CurrentVerdict } from './components/current-verdict.tsx';
import { GroundsTable } from './components/grounds-table.tsx';
import { MqlSummary } from './components/mql-summary.tsx';
import { SharedInfo } from './components/shared-info.tsx';
import { SlaDeadlines } from './components/sla-deadlines.tsx';
import { VerdictForm } from './components/verdict-form.tsx';
import type { VerdictActions } from './components/verdict-form.tsx';
import type { Presentation } from './format.ts';
import { labelsFor } from './labels.ts';
import { useLeadCard } from './use-lead-card.ts';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <LeadHandoffCard context={context} actions={actions} />
));

export interface LeadHandoffCardProps {
  context: ExtensionPointApiContext<'crm.record.tab'>;
  actions: VerdictActions;
}

export function LeadHandoffCard({ context, actions }: LeadHandoffCardProps) {
  const contactId = String(context.crm.objectId);
  const { state, reload } = useLeadCard(context.variables, contactId);
  const presentation: Presentation = {
    labels: labelsFor(context.user.locale),
    locale: context.user.locale,
    timeZone: context.portal.timezone,
  };
  const { labels } = presentation;

  switch (state.status) {
    case 'loading':
      return <LoadingSpinner label={labels.loading} layout="centered" />;
    case 'not_tracked':
      return (
        <EmptyState title={labels.notTrackedTitle} imageName="leads" layout="vertical">
          <Text>{labels.notTrackedBody}</Text>
        </EmptyState>
      );
    case 'error':
      return (
        <ErrorState title={labels.errorTitle}>
          <Text>{state.message}</Text>
          <Button onClick={reload}>{labels.retry}</Button>
        </ErrorState>
      );
    case 'ready': {
      const { card } = state;
      return (
        <Flex direction="column" gap="md">
          <MqlSummary mql={card.mql} definitionVersion={card.definitionVersion} presentation={presentation} />
          <Heading>{labels.groundsTitle}</Heading>
          <GroundsTable grounds={card.mql.grounds} presentation={presentation} />
          <Heading>{labels.deadlinesTitle}</Heading>
          <SlaDeadlines handoff={card.handoff} verdictDue={card.verdictDue} presentation={presentation} />
          <Heading>{labels.sharedTitle}</Heading>
          <SharedInfo shared={card.shared} presentation={presentation} />
          <Divider />
          <Heading>{labels.currentVerdictTitle}</Heading>
          <CurrentVerdict verdict={card.verdict} presentation={presentation} />
          <Heading>{labels.formTitle}</Heading>
          <VerdictForm
            contactId={card.contactId}
            reasons={card.reasons}
            variables={context.variables}
            actions={actions}
            presentation={presentation}
            onRecorded={reload}
          />
        </Flex>
      );
    }
  }
}
