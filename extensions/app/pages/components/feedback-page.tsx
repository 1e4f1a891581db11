import { Flex, Heading, StatisticsItem, Statistics } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import type { FeedbackDto } from '@lead-handoff/shared/dto';
import { VERDICT_KINDS } from '@lead-handoff/shared/dto';
import { getFeedback } from '../backend.ts';
import { usePagesEnvironment, useWindowChoice } from '../environment.tsx';
import { formatCount, formatFraction, share } from '../format.ts';
import { looksLikeFeedback } from '../report-shapes.ts';
import { useReport } from '../use-report.ts';
import { FeedbackNotes } from './feedback-notes.tsx';
import { ChannelTable, ConditionTable, ReasonTable } from './feedback-tables.tsx';
import { ReportEmpty, ReportError, ReportLoading } from './report-status.tsx';
import { WindowFilter, isWindowValid } from './window-filter.tsx';

function verdictCount(feedback: FeedbackDto): number {
  return VERDICT_KINDS.reduce((sum, kind) => sum + feedback.verdicts[kind], 0);
}

/** What sales said about marketing's leads: verdicts, reasons, the conditions they dispute. */
export function FeedbackPage() {
  const { labels, variables } = usePagesEnvironment();
  const [window] = useWindowChoice();
  const query = { from: window.from, to: window.to };
  const { state, reload } = useReport(
    isWindowValid(window)
      ? {
          key: JSON.stringify(['feedback', variables?.['BACKEND_URL'], query]),
          load: () => getFeedback(variables, query),
          looksRight: looksLikeFeedback,
        }
      : null,
  );

  return (
    <Flex direction="column" gap="md">
      <PageTitle>{labels.pages.feedback}</PageTitle>
      <WindowFilter />
      {state.status === 'loading' && <ReportLoading />}
      {state.status === 'failed' && <ReportError failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' &&
        (verdictCount(state.data) === 0 ? (
          <ReportEmpty title={labels.feedback.emptyTitle} body={labels.feedback.emptyBody} />
        ) : (
          <FeedbackView feedback={state.data} />
        ))}
    </Flex>
  );
}

function FeedbackView({ feedback }: { feedback: FeedbackDto }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.feedback;
  return (
    <Flex direction="column" gap="md">
      <Heading>{words.totalsTitle}</Heading>
      <Statistics>
        {VERDICT_KINDS.map((kind) => (
          <StatisticsItem
            key={kind}
            testId={`verdicts-${kind}`}
            label={labels.verdicts[kind]}
            number={formatCount(feedback.verdicts[kind], locale)}
          />
        ))}
        <StatisticsItem
          testId="verdicts-rejection-rate"
          label={words.rejectionRate}
          number={formatFraction(share(feedback.verdicts.rejected, verdictCount(feedback)), locale)}
        />
      </Statistics>
      <Heading>{words.byReasonTitle}</Heading>
      <ReasonTable reasons={feedback.byReason} />
      <Heading>{words.byConditionTitle}</Heading>
      <ConditionTable conditions={feedback.byCondition} rejected={feedback.verdicts.rejected} />
      <Heading>{words.byChannelTitle}</Heading>
      <ChannelTable channels={feedback.byChannel} />
      {feedback.notes !== undefined && (
        <>
          <Heading>{words.notesTitle}</Heading>
          <FeedbackNotes notes={feedback.notes} reasons={feedback.byReason} />
        </>
      )}
    </Flex>
  );
}
