import { Flex, Select } from '@hubspot/ui-extensions';
import { PageTitle } from '@hubspot/ui-extensions/pages';
import { useState } from 'react';
import type { KpiPeriodKind } from '@lead-handoff/shared/dto';
import { getKpiTree } from '../backend.ts';
import { usePagesEnvironment } from '../environment.tsx';
import { kpiPeriod, kpiPeriodChoices } from '../periods.ts';
import { looksLikeKpiTree } from '../report-shapes.ts';
import { useReport } from '../use-report.ts';
import { KpiNotConfigured } from './kpi-not-configured.tsx';
import { KpiTreeView, periodName } from './kpi-tree-view.tsx';
import { ReportError, ReportLoading } from './report-status.tsx';

const PERIOD_KINDS: readonly KpiPeriodKind[] = ['month', 'quarter', 'year'];

/** The KGI (revenue target against actual) and what each stage needs to reach it. */
export function KpiTreePage() {
  const { labels, locale, today, variables } = usePagesEnvironment();
  const words = labels.kpi;
  // The definitions set the target per month, quarter or year; quarter is the usual one.
  const [kind, setKind] = useState<KpiPeriodKind>('quarter');
  const [period, setPeriod] = useState(() => kpiPeriod('quarter', today));
  const { state, reload } = useReport({
    key: JSON.stringify(['kpi-tree', variables?.['BACKEND_URL'], period]),
    load: () => getKpiTree(variables, period),
    looksRight: looksLikeKpiTree,
  });

  return (
    <Flex direction="column" gap="md">
      <PageTitle>{labels.pages.kpiTree}</PageTitle>
      <Flex direction="row" gap="sm" wrap="wrap" align="end">
        <Select
          name="periodKind"
          label={words.periodKind}
          value={kind}
          options={PERIOD_KINDS.map((value) => ({ label: words.periodKinds[value], value }))}
          onChange={(value) => {
            const next = PERIOD_KINDS.find((candidate) => candidate === value);
            if (next === undefined) return;
            setKind(next);
            setPeriod(kpiPeriod(next, today));
          }}
        />
        <Select
          name="period"
          label={words.period}
          value={period}
          options={kpiPeriodChoices(kind, today).map((value) => ({
            label: periodName(value, labels, locale),
            value,
          }))}
          onChange={(value) => {
            setPeriod(String(value));
          }}
        />
      </Flex>
      {state.status === 'loading' && <ReportLoading />}
      {state.status === 'failed' &&
        (state.failure.status === 404 && state.failure.code === 'not_configured' ? (
          <KpiNotConfigured />
        ) : (
          <ReportError
            failure={state.failure}
            onRetry={reload}
            {...(state.failure.code === 'invalid_request' ? { hint: words.wrongPeriodHint } : {})}
          />
        ))}
      {state.status === 'ready' && <KpiTreeView tree={state.data} />}
    </Flex>
  );
}
