import { Flex, Heading, Text } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import type { SlaDto } from '@lead-handoff/shared/dto';
import { getSla } from '../backend.ts';
import { usePagesEnvironment, useWindowChoice } from '../environment.tsx';
import { looksLikeSla } from '../report-shapes.ts';
import { useReport } from '../use-report.ts';
import { ReportEmpty, ReportError, ReportLoading } from './report-status.tsx';
import { LateBy } from './sla-late-by.tsx';
import { OwnerTable, SlaSummary } from './sla-tables.tsx';
import { WindowFilter, isWindowValid } from './window-filter.tsx';

/** Did the handoff and the verdict happen in time: overall, per owner, and how late when not. */
export function SlaPage() {
  const { labels, variables } = usePagesEnvironment();
  const [window] = useWindowChoice();
  const query = { from: window.from, to: window.to };
  const { state, reload } = useReport(
    isWindowValid(window)
      ? {
          key: JSON.stringify(['sla', variables?.['BACKEND_URL'], query]),
          load: () => getSla(variables, query),
          looksRight: looksLikeSla,
        }
      : null,
  );

  return (
    <Flex direction="column" gap="md">
      <PageTitle>{labels.pages.sla}</PageTitle>
      <WindowFilter />
      {state.status === 'loading' && <ReportLoading />}
      {state.status === 'failed' && <ReportError failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.handoff.due + state.data.verdict.due === 0 ? (
          <ReportEmpty title={labels.sla.emptyTitle} body={labels.sla.emptyBody} />
        ) : (
          <SlaView sla={state.data} />
        ))}
    </Flex>
  );
}

function SlaView({ sla }: { sla: SlaDto }) {
  const { labels } = usePagesEnvironment();
  const words = labels.sla;
  return (
    <Flex direction="column" gap="md">
      <Text variant="microcopy">{words.outcomeSentence}</Text>
      <SlaSummary sla={sla} />
      <Heading>{words.byOwnerTitle}</Heading>
      <OwnerTable owners={sla.byOwner} />
      {sla.lateBy !== undefined && (
        <>
          <Heading>{words.lateByTitle}</Heading>
          <LateBy lateBy={sla.lateBy} />
        </>
      )}
    </Flex>
  );
}
