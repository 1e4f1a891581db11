import { DateInput, Flex, Select } from '@hubspot/ui-extensions';
import type { BaseDate } from '@hubspot/ui-extensions';
import type { DateWindowQuery } from '@lead-handoff/shared/dto';
import { useWindowChoice, usePagesEnvironment } from '../environment.tsx';
import type { WindowPreset } from '../labels.ts';
import { parseIsoDate, presetWindow, toIsoDate } from '../periods.ts';

const PRESETS: readonly WindowPreset[] = ['thisQuarter', 'lastQuarter', 'last12Months', 'custom'];

function isPreset(value: unknown): value is WindowPreset {
  return PRESETS.includes(value as WindowPreset);
}

// DateInput counts months from 0.
function toBaseDate(iso: string): BaseDate | undefined {
  const date = parseIsoDate(iso);
  return date === null ? undefined : { year: date.year, month: date.month - 1, date: date.day };
}

function fromBaseDate(value: BaseDate | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return toIsoDate({ year: value.year, month: value.month + 1, day: value.date });
}

/** True when the window can be sent: both dates real and the end not before the start. */
export function isWindowValid(window: { from: string; to: string }): boolean {
  return parseIsoDate(window.from) !== null && parseIsoDate(window.to) !== null && window.to >= window.from;
}

/** The period filter of the funnel, feedback and SLA pages: a preset, or two dates. */
export function WindowFilter() {
  const { labels, today } = usePagesEnvironment();
  const [window, setWindow] = useWindowChoice();
  const reversed = window.to < window.from;
  const from = toBaseDate(window.from);
  const to = toBaseDate(window.to);

  const choosePreset = (value: unknown) => {
    if (!isPreset(value)) return;
    setWindow(
      value === 'custom' ? { ...window, preset: value } : { preset: value, ...presetWindow(value, today) },
    );
  };
  const chooseDate = (field: keyof DateWindowQuery, value: BaseDate | null | undefined) => {
    const iso = fromBaseDate(value);
    if (iso !== null) setWindow({ ...window, preset: 'custom', [field]: iso });
  };

  return (
    <Flex direction="row" gap="sm" wrap="wrap" align="end">
      <Select
        name="preset"
        label={labels.window.preset}
        value={window.preset}
        options={PRESETS.map((preset) => ({ label: labels.window.presets[preset], value: preset }))}
        onChange={choosePreset}
      />
      <DateInput
        name="from"
        label={labels.window.from}
        format="YYYY-MM-DD"
        {...(from === undefined ? {} : { value: from })}
        onChange={(value) => {
          chooseDate('from', value);
        }}
      />
      <DateInput
        name="to"
        label={labels.window.to}
        format="YYYY-MM-DD"
        {...(to === undefined ? {} : { value: to })}
        error={reversed}
        {...(reversed ? { validationMessage: labels.window.toBeforeFrom } : {})}
        onChange={(value) => {
          chooseDate('to', value);
        }}
      />
    </Flex>
  );
}
