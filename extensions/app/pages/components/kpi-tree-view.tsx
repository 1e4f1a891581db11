import {
  Alert,
  Flex,
  Heading,
  ProgressBar,
  Statistics,
  StatisticsItem,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { KpiNodeDto, KpiTreeDto } from '@lead-handoff/shared/dto';
import { FUNNEL_STAGES } from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatCount, formatFraction, formatLocalDate, formatMoney, formatMonth, share } from '../format.ts';
import type { PagesLabels } from '../labels.ts';

/** `2026-Q4`, `2026-11` or `2026` in the user's words. */
export function periodName(period: string, labels: PagesLabels, locale: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter !== null) return labels.kpi.quarterName(quarter[1] ?? '', quarter[2] ?? '');
  if (/^\d{4}-\d{2}$/.test(period)) return formatMonth(period, locale, 'long');
  if (/^\d{4}$/.test(period)) return labels.kpi.yearName(period);
  return period;
}

export function KpiTreeView({ tree }: { tree: KpiTreeDto }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.kpi;
  const { kgi } = tree;
  const attained = share(kgi.revenueActual, kgi.revenueTarget);
  const quiet = kgi.revenueActual === 0 && tree.nodes.every((node) => node.actual === 0);
  return (
    <Flex direction="column" gap="md">
      <Heading>{words.kgiTitle}</Heading>
      <Text testId="kpi-period">
        {`${periodName(tree.period, labels, locale)} · ${labels.window.range(
          formatLocalDate(tree.from, locale),
          formatLocalDate(tree.to, locale),
        )}`}
      </Text>
      <Statistics>
        <StatisticsItem
          testId="kgi-target"
          label={words.revenueTarget}
          number={formatMoney(kgi.revenueTarget, kgi.currency, locale)}
        />
        <StatisticsItem
          testId="kgi-actual"
          label={words.revenueActual}
          number={formatMoney(kgi.revenueActual, kgi.currency, locale)}
        />
        <StatisticsItem
          testId="kgi-attainment"
          label={words.attainment}
          number={formatFraction(attained, locale)}
        />
      </Statistics>
      <ProgressBar
        aria-label={words.attainment}
        value={Math.min(kgi.revenueActual, kgi.revenueTarget)}
        maxValue={kgi.revenueTarget}
        showPercentage
        variant={attained !== null && attained >= 1 ? 'success' : 'warning'}
      />
      <Text testId="kgi-source" variant="microcopy">
        {words.revenueSource[kgi.revenueSource]}
      </Text>
      {quiet && <Alert title={words.noActivity} variant="info" testId="kpi-no-activity" />}
      <Heading>{words.stagesTitle}</Heading>
      <Text variant="microcopy">{words.stagesSentence}</Text>
      {tree.trailing !== undefined && tree.nodes.some((node) => node.rateSource === 'trailing') && (
        <Text variant="microcopy" testId="kpi-trailing-window">
          {words.trailingWindow(
            labels.window.range(
              formatLocalDate(tree.trailing.from, locale),
              formatLocalDate(tree.trailing.to, locale),
            ),
            formatCount(tree.trailing.days, locale),
          )}
        </Text>
      )}
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>{words.stage}</TableHeader>
            <TableHeader align="right">{words.required}</TableHeader>
            <TableHeader align="right">{words.actual}</TableHeader>
            <TableHeader>{words.gap}</TableHeader>
            <TableHeader>{words.rateUsed}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {tree.nodes.map((node) => (
            <TableRow key={node.stage} testId={`kpi-node-${node.stage}`}>
              <TableCell>{labels.stages[node.stage]}</TableCell>
              <TableCell align="right">
                {node.required === null ? '—' : formatCount(node.required, locale)}
              </TableCell>
              <TableCell align="right">{formatCount(node.actual, locale)}</TableCell>
              <TableCell>
                <Gap node={node} />
              </TableCell>
              <TableCell>{rateUsed(node, tree, labels, locale)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

function Gap({ node }: { node: KpiNodeDto }) {
  const { labels, locale } = usePagesEnvironment();
  if (node.required === null)
    return (
      <StatusTag variant="default" testId={`kpi-gap-${node.stage}`}>
        {labels.kpi.notComputable}
      </StatusTag>
    );
  const gap = node.actual - node.required;
  if (gap < 0)
    return (
      <StatusTag variant="danger" testId={`kpi-gap-${node.stage}`}>
        {labels.kpi.short(formatCount(-gap, locale))}
      </StatusTag>
    );
  return (
    <StatusTag variant="success" testId={`kpi-gap-${node.stage}`}>
      {gap === 0 ? labels.kpi.onTarget : labels.kpi.ahead(`+${formatCount(gap, locale)}`)}
    </StatusTag>
  );
}

/** The conversion to the next stage up that the requirement was divided by, and where it came from. */
function rateUsed(node: KpiNodeDto, tree: KpiTreeDto, labels: PagesLabels, locale: string): string {
  if (node.rate === null || node.rateSource === null) return '—';
  const next = FUNNEL_STAGES[FUNNEL_STAGES.indexOf(node.stage) + 1];
  const source =
    node.rateSource === 'trailing' && tree.trailing !== undefined
      ? labels.kpi.trailingDays(formatCount(tree.trailing.days, locale))
      : labels.kpi.rateSources[node.rateSource];
  return labels.kpi.rate(
    formatFraction(node.rate, locale),
    next === undefined ? '' : labels.stages[next],
    source,
  );
}
