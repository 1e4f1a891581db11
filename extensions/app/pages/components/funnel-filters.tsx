import { Flex, Select, Text, ToggleGroup } from '@hubspot/ui-extensions';
import type { FunnelGroupBy, FunnelMode } from '@lead-handoff/shared/dto';
import { usePagesEnvironment } from '../environment.tsx';
import { formatLocalDate } from '../format.ts';

export const FUNNEL_MODES: readonly FunnelMode[] = ['cohort', 'period'];
export const FUNNEL_GROUP_BYS: readonly FunnelGroupBy[] = ['none', 'channel', 'month', 'definitionVersion'];

export interface FunnelChoice {
  mode: FunnelMode;
  groupBy: FunnelGroupBy;
  /** One group to show (a channel, a month, a version), or '' for all of them. */
  group: string;
}

interface FunnelFiltersProps {
  choice: FunnelChoice;
  onChange: (choice: FunnelChoice) => void;
  window: { from: string; to: string };
}

/** Cohort or period, and how to group; the sentence under them says what the numbers count. */
export function FunnelFilters({ choice, onChange, window }: FunnelFiltersProps) {
  const { labels, locale } = usePagesEnvironment();
  const words = labels.funnel;
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="md" wrap="wrap" align="end">
        <ToggleGroup
          toggleType="radioButtonList"
          name="mode"
          label={words.mode}
          inline
          value={choice.mode}
          options={FUNNEL_MODES.map((mode) => ({ label: words.modes[mode], value: mode }))}
          onChange={(value) => {
            const mode = FUNNEL_MODES.find((candidate) => candidate === value);
            if (mode !== undefined) onChange({ ...choice, mode });
          }}
        />
        <Select
          name="groupBy"
          label={words.groupBy}
          value={choice.groupBy}
          options={FUNNEL_GROUP_BYS.map((groupBy) => ({ label: words.groupBys[groupBy], value: groupBy }))}
          onChange={(value) => {
            const groupBy = FUNNEL_GROUP_BYS.find((candidate) => candidate === value);
            if (groupBy !== undefined) onChange({ ...choice, groupBy, group: '' });
          }}
        />
      </Flex>
      <Text testId="funnel-mode-sentence">
        {words.modeSentence[choice.mode](
          formatLocalDate(window.from, locale),
          formatLocalDate(window.to, locale),
        )}
      </Text>
    </Flex>
  );
}
