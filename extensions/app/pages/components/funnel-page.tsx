import { Flex } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import { useState } from 'react';
import type { FunnelDto } from '@lead-handoff/shared/dto';
import { FUNNEL_STAGES } from '@lead-handoff/shared/dto';
import { getFunnel } from '../backend.ts';
import { usePagesEnvironment, useWindowChoice } from '../environment.tsx';
import { looksLikeFunnel } from '../report-shapes.ts';
import { useReport } from '../use-report.ts';
import { FunnelFilters } from './funnel-filters.tsx';
import type { FunnelChoice } from './funnel-filters.tsx';
import { FunnelView } from './funnel-view.tsx';
import { ReportEmpty, ReportError, ReportLoading } from './report-status.tsx';
import { WindowFilter, isWindowValid } from './window-filter.tsx';

function isEmpty(funnel: FunnelDto): boolean {
  return FUNNEL_STAGES.every((stage) => funnel.total[stage] === 0);
}

/** The shared funnel: lead → MQL → SQL → opportunity → won, by cohort or by period. */
export function FunnelPage() {
  const { labels, variables } = usePagesEnvironment();
  const [window] = useWindowChoice();
  const [choice, setChoice] = useState<FunnelChoice>({ mode: 'cohort', groupBy: 'none', group: '' });
  const query = { from: window.from, to: window.to, mode: choice.mode, groupBy: choice.groupBy };
  const { state, reload } = useReport(
    isWindowValid(window)
      ? {
          key: JSON.stringify(['funnel', variables?.['BACKEND_URL'], query]),
          load: () => getFunnel(variables, query),
          looksRight: looksLikeFunnel,
        }
      : null,
  );

  return (
    <Flex direction="column" gap="md">
      <PageTitle>{labels.pages.funnel}</PageTitle>
      <WindowFilter />
      <FunnelFilters choice={choice} onChange={setChoice} window={window} />
      {state.status === 'loading' && <ReportLoading />}
      {state.status === 'failed' && <ReportError failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' &&
        (isEmpty(state.data) ? (
          <ReportEmpty title={labels.funnel.emptyTitle} body={labels.funnel.emptyBody} />
        ) : (
          <FunnelView
            funnel={state.data}
            group={choice.group}
            onGroupChange={(group) => {
              setChoice({ ...choice, group });
            }}
          />
        ))}
    </Flex>
  );
}
