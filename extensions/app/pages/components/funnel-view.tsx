import {
  BarChart,
  Flex,
  Select,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from '@hubspot/ui-extensions';
import type { FunnelDto, FunnelGroupDto, StageCountsDto } from '@lead-handoff/shared/dto';
import { FUNNEL_STAGES } from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatCount, formatFraction, groupName, share } from '../format.ts';

interface FunnelViewProps {
  funnel: FunnelDto;
  /** The one group to show, or '' for all. */
  group: string;
  onGroupChange: (group: string) => void;
}

/** The funnel as bars (stages left to right, one colour per group) and as a table of counts. */
export function FunnelView({ funnel, group, onGroupChange }: FunnelViewProps) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.funnel;
  const grouped = funnel.groupBy !== 'none';
  // A group picked before the window changed may not be in the new answer: then show them all.
  const picked = funnel.groups.some((g) => g.key === group) ? group : '';
  const shown = picked === '' ? funnel.groups : funnel.groups.filter((g) => g.key === picked);
  const name = (key: string) => groupName(funnel.groupBy, key, labels, locale);
  // One group on screen (no grouping, or one picked): the conversion row reads its counts.
  const single: StageCountsDto | null = !grouped
    ? funnel.total
    : shown.length === 1
      ? (shown[0]?.counts ?? null)
      : null;

  return (
    <Flex direction="column" gap="md">
      {grouped && (
        <Select
          name="group"
          label={words.showGroup}
          value={picked}
          options={[
            { label: words.allGroups, value: '' },
            ...funnel.groups.map((g) => ({ label: name(g.key), value: g.key })),
          ]}
          onChange={(value) => {
            onGroupChange(String(value));
          }}
        />
      )}
      <BarChart
        testId="funnel-chart"
        data={chartRows(funnel, shown, name, labels.stages)}
        axes={{
          x: { field: 'stage', fieldType: 'category', label: words.stageAxis },
          y: { field: 'count', fieldType: 'linear', label: words.countAxis },
          ...(grouped ? { options: { groupFieldByColor: 'group' } } : {}),
        }}
        options={{ title: words.chartTitle, showLegend: grouped, showDataLabels: true, showTooltips: true }}
      />
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>{words.group}</TableHeader>
            {FUNNEL_STAGES.map((stage) => (
              <TableHeader key={stage} align="right">
                {labels.stages[stage]}
              </TableHeader>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((g) => (
            <CountsRow key={g.key} testId={`funnel-group-${g.key}`} name={name(g.key)} counts={g.counts} />
          ))}
        </TableBody>
        {(grouped && picked === '') || (funnel.mode === 'cohort' && single !== null) ? (
          <TableFooter>
            {grouped && picked === '' && (
              <CountsRow testId="funnel-total" name={labels.total} counts={funnel.total} />
            )}
            {funnel.mode === 'cohort' && single !== null && <ConversionRow counts={single} />}
          </TableFooter>
        ) : null}
      </Table>
    </Flex>
  );
}

function chartRows(
  funnel: FunnelDto,
  shown: readonly FunnelGroupDto[],
  name: (key: string) => string,
  stageNames: Record<string, string>,
) {
  return shown.flatMap((g) =>
    FUNNEL_STAGES.map((stage) => ({
      stage: stageNames[stage] ?? stage,
      count: g.counts[stage],
      ...(funnel.groupBy === 'none' ? {} : { group: name(g.key) }),
    })),
  );
}

function CountsRow(props: { testId: string; name: string; counts: StageCountsDto }) {
  const { locale } = usePagesEnvironment();
  return (
    <TableRow testId={props.testId}>
      <TableCell>{props.name}</TableCell>
      {FUNNEL_STAGES.map((stage) => (
        <TableCell key={stage} align="right">
          {formatCount(props.counts[stage], locale)}
        </TableCell>
      ))}
    </TableRow>
  );
}

/** In a cohort each stage is a subset of the one before, so stage ÷ previous is a conversion rate. */
function ConversionRow({ counts }: { counts: StageCountsDto }) {
  const { labels, locale } = usePagesEnvironment();
  return (
    <TableRow testId="funnel-conversion">
      <TableCell>{labels.funnel.conversion}</TableCell>
      {FUNNEL_STAGES.map((stage, index) => {
        const previous = FUNNEL_STAGES[index - 1];
        return (
          <TableCell key={stage} align="right">
            {previous === undefined ? '—' : formatFraction(share(counts[stage], counts[previous]), locale)}
          </TableCell>
        );
      })}
    </TableRow>
  );
}
