import {
  BarChart,
  Flex,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { LateByBucketDto, SlaDeadlineKind } from '@lead-handoff/shared/dto';
import { SLA_DEADLINE_KINDS } from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatCount } from '../format.ts';

/** Every bucket bound either kind uses, ascending, the open-ended bucket (null) last. */
function boundsOf(lateBy: Record<SlaDeadlineKind, LateByBucketDto[]>): (number | null)[] {
  const bounds = new Set<number | null>();
  for (const kind of SLA_DEADLINE_KINDS) for (const bucket of lateBy[kind]) bounds.add(bucket.upToHours);
  return [...bounds].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
}

/** How late the late and breached deadlines were: a bar per bucket, one colour per deadline kind. */
export function LateBy({ lateBy }: { lateBy: Record<SlaDeadlineKind, LateByBucketDto[]> }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.sla;
  const bounds = boundsOf(lateBy);
  const buckets = bounds.map((upTo, index) => ({
    upTo,
    name: words.lateByBucket(index === 0 ? null : (bounds[index - 1] ?? null), upTo),
  }));
  const count = (kind: SlaDeadlineKind, upTo: number | null) =>
    lateBy[kind].find((bucket) => bucket.upToHours === upTo)?.count ?? 0;

  return (
    <Flex direction="column" gap="sm">
      <Text variant="microcopy">{words.lateBySentence}</Text>
      <BarChart
        testId="late-by-chart"
        data={buckets.flatMap((bucket) =>
          SLA_DEADLINE_KINDS.map((kind) => ({
            bucket: bucket.name,
            count: count(kind, bucket.upTo),
            deadline: words.deadlines[kind],
          })),
        )}
        axes={{
          x: { field: 'bucket', fieldType: 'category', label: words.lateByAxis },
          y: { field: 'count', fieldType: 'linear', label: labels.number },
          options: { groupFieldByColor: 'deadline' },
        }}
        options={{ showLegend: true, showDataLabels: true, showTooltips: true }}
      />
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>{words.lateByAxis}</TableHeader>
            {SLA_DEADLINE_KINDS.map((kind) => (
              <TableHeader key={kind} align="right">
                {words.deadlines[kind]}
              </TableHeader>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {buckets.map((bucket) => (
            <TableRow key={String(bucket.upTo)} testId={`late-by-${bucket.upTo ?? 'more'}`}>
              <TableCell>{bucket.name}</TableCell>
              {SLA_DEADLINE_KINDS.map((kind) => (
                <TableCell key={kind} align="right">
                  {formatCount(count(kind, bucket.upTo), locale)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}
