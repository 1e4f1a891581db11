// Small helpers shared by the stand-in components.
import type { AllDistances } from '@hubspot/ui-extensions';

const DISTANCES: Record<AllDistances, number> = {
  flush: 0,
  xs: 4,
  'extra-small': 4,
  sm: 8,
  small: 8,
  md: 16,
  medium: 16,
  lg: 24,
  large: 24,
  xl: 32,
  'extra-large': 32,
};

export function px(distance: AllDistances | undefined, fallback = 0): number {
  return distance === undefined ? fallback : DISTANCES[distance];
}

/** HubSpot's `testId` becomes `data-testid`, which browser tests (and findByTestId) look for. */
export function testIdOf(testId: string | undefined): { 'data-testid'?: string } {
  return testId === undefined ? {} : { 'data-testid': testId };
}

export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

const FLEX: Record<string, string> = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  between: 'space-between',
  around: 'space-around',
  baseline: 'baseline',
  stretch: 'stretch',
  auto: 'auto',
};

export function flexValue(value: string | undefined): string | undefined {
  return value === undefined ? undefined : (FLEX[value] ?? value);
}

/**
 * A prop the package marks deprecated but HubSpot still honours (`readonly`, `distance`,
 * `valueMax`, chart `colors`, Dropdown `options`): read through a plain record, so an extension
 * that still passes it looks the same in the preview.
 */
export function legacyProp(props: object, name: string): unknown {
  return (props as Record<string, unknown>)[name];
}
