import {
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tile,
} from '@hubspot/ui-extensions';
import type { SlaCountsDto, SlaDto, SlaOwnerDto } from '@lead-handoff/shared/dto';
import { NONE_GROUP_KEY, SLA_DEADLINE_KINDS, SLA_OUTCOMES } from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatCount, formatFraction, share } from '../format.ts';

/** On time out of the deadlines whose outcome is known (met, or breached); open ones are still running. */
export function onTimeRate(counts: SlaCountsDto): number | null {
  return share(counts.metOnTime, counts.due - counts.open);
}

export function SlaSummary({ sla }: { sla: SlaDto }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.sla;
  return (
    <Flex direction="row" gap="md" wrap="wrap">
      {SLA_DEADLINE_KINDS.map((kind) => (
        <Tile key={kind} testId={`sla-${kind}`}>
          <Heading>{words.deadlines[kind]}</Heading>
          <Statistics>
            <StatisticsItem
              testId={`sla-${kind}-due`}
              label={words.due}
              number={formatCount(sla[kind].due, locale)}
            />
            {SLA_OUTCOMES.map((outcome) => (
              <StatisticsItem
                key={outcome}
                testId={`sla-${kind}-${outcome}`}
                label={words.outcomes[outcome]}
                number={formatCount(sla[kind][outcome], locale)}
              />
            ))}
            <StatisticsItem
              testId={`sla-${kind}-rate`}
              label={words.onTimeRate}
              number={formatFraction(onTimeRate(sla[kind]), locale)}
            />
          </Statistics>
        </Tile>
      ))}
    </Flex>
  );
}

/** One row per owner and deadline kind; the owner is the contact's owner when the deadline closed. */
export function OwnerTable({ owners }: { owners: readonly SlaOwnerDto[] }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.sla;
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>{words.owner}</TableHeader>
          <TableHeader>{words.deadline}</TableHeader>
          <TableHeader align="right">{words.due}</TableHeader>
          {SLA_OUTCOMES.map((outcome) => (
            <TableHeader key={outcome} align="right">
              {words.outcomes[outcome]}
            </TableHeader>
          ))}
          <TableHeader align="right">{words.onTimeRate}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {owners.flatMap((owner) =>
          SLA_DEADLINE_KINDS.map((kind) => (
            <TableRow key={`${owner.ownerId}-${kind}`} testId={`owner-${owner.ownerId}-${kind}`}>
              <TableCell>{owner.ownerId === NONE_GROUP_KEY ? words.noOwner : owner.ownerId}</TableCell>
              <TableCell>{words.deadlines[kind]}</TableCell>
              <TableCell align="right">{formatCount(owner[kind].due, locale)}</TableCell>
              {SLA_OUTCOMES.map((outcome) => (
                <TableCell key={outcome} align="right">
                  {formatCount(owner[kind][outcome], locale)}
                </TableCell>
              ))}
              <TableCell align="right">{formatFraction(onTimeRate(owner[kind]), locale)}</TableCell>
            </TableRow>
          )),
        )}
      </TableBody>
    </Table>
  );
}
