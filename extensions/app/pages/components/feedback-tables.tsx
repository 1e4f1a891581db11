import {
  Flex,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type {
  FeedbackChannelDto,
  FeedbackConditionDto,
  FeedbackReasonDto,
  VerdictKind,
} from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatCount, formatFraction, groupName, share } from '../format.ts';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

export const VERDICT_TAG: Record<VerdictKind, TagVariant> = {
  accepted: 'success',
  rejected: 'error',
  recycled: 'warning',
};

/** Every reason of the definition (zero counts included), with its label as the definition words it. */
export function ReasonTable({ reasons }: { reasons: readonly FeedbackReasonDto[] }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.feedback;
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>{words.reason}</TableHeader>
          <TableHeader>{words.verdict}</TableHeader>
          <TableHeader align="right">{words.count}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {reasons.map((reason) => (
          <TableRow key={`${reason.verdict}-${reason.code}`} testId={`reason-${reason.code}`}>
            <TableCell>{reason.label}</TableCell>
            <TableCell>
              <Tag variant={VERDICT_TAG[reason.verdict]}>{labels.verdicts[reason.verdict]}</Tag>
            </TableCell>
            <TableCell align="right">{formatCount(reason.count, locale)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Rejections read against the MQL condition their reason disputes. */
export function ConditionTable(props: { conditions: readonly FeedbackConditionDto[]; rejected: number }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.feedback;
  return (
    <Flex direction="column" gap="xs">
      <Text variant="microcopy">{words.byConditionSentence}</Text>
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>{words.condition}</TableHeader>
            <TableHeader align="right">{words.rejections}</TableHeader>
            <TableHeader align="right">{words.shareOfRejections}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.conditions.map((condition) => (
            <TableRow key={condition.conditionId} testId={`condition-${condition.conditionId}`}>
              <TableCell>{condition.label}</TableCell>
              <TableCell align="right">{formatCount(condition.rejections, locale)}</TableCell>
              <TableCell align="right">
                {formatFraction(share(condition.rejections, props.rejected), locale)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

export function ChannelTable({ channels }: { channels: readonly FeedbackChannelDto[] }) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.feedback;
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>{words.channel}</TableHeader>
          <TableHeader align="right">{labels.verdicts.accepted}</TableHeader>
          <TableHeader align="right">{labels.verdicts.rejected}</TableHeader>
          <TableHeader align="right">{labels.verdicts.recycled}</TableHeader>
          <TableHeader align="right">{words.rejectionRate}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {channels.map((channel) => (
          <TableRow key={channel.key} testId={`channel-${channel.key}`}>
            <TableCell>{groupName('channel', channel.key, labels, locale)}</TableCell>
            <TableCell align="right">{formatCount(channel.accepted, locale)}</TableCell>
            <TableCell align="right">{formatCount(channel.rejected, locale)}</TableCell>
            <TableCell align="right">{formatCount(channel.recycled, locale)}</TableCell>
            <TableCell align="right">
              {formatFraction(
                share(channel.rejected, channel.accepted + channel.rejected + channel.recycled),
                locale,
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
