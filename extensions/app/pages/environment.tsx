import { createContext, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ProfileVariables } from '@lead-handoff/shared/api';
import type { DateWindowQuery } from '@lead-handoff/shared/dto';
import { safeLocale } from './format.ts';
import { labelsFor } from './labels.ts';
import type { PagesLabels, WindowPreset } from './labels.ts';
import { localToday, presetWindow } from './periods.ts';
import type { LocalDate } from './periods.ts';

// What every page needs and the router cannot hand it (route components get no props): the
// profile variables, the user's words and locale, the portal's time zone and today's date,
// and the date window, which stays the same while the user moves between pages.

export interface PagesEnvironment {
  readonly variables: ProfileVariables;
  readonly labels: PagesLabels;
  readonly locale: string;
  readonly timeZone: string | undefined;
  /** Today in the portal's time zone, taken when the pages opened. */
  readonly today: LocalDate;
}

export interface WindowChoice extends DateWindowQuery {
  preset: WindowPreset;
}

interface PagesState {
  readonly environment: PagesEnvironment;
  readonly window: WindowChoice;
  readonly setWindow: (window: WindowChoice) => void;
}

const PagesContext = createContext<PagesState | null>(null);

export interface PagesProviderProps {
  variables: ProfileVariables;
  locale: string | undefined;
  timeZone: string | undefined;
  now: Date;
  children: ReactNode;
}

export function PagesProvider({ variables, locale, timeZone, now, children }: PagesProviderProps) {
  const environment = useMemo<PagesEnvironment>(
    () => ({
      variables,
      labels: labelsFor(locale),
      locale: safeLocale(locale),
      timeZone,
      today: localToday(now, timeZone),
    }),
    [variables, locale, timeZone, now],
  );
  const [window, setWindow] = useState<WindowChoice>(() => ({
    preset: 'thisQuarter',
    ...presetWindow('thisQuarter', environment.today),
  }));
  const state = useMemo(() => ({ environment, window, setWindow }), [environment, window]);
  return <PagesContext.Provider value={state}>{children}</PagesContext.Provider>;
}

function usePagesState(): PagesState {
  const state = useContext(PagesContext);
  if (state === null) throw new Error('A Lead Handoff page was rendered outside PagesProvider.');
  return state;
}

export function usePagesEnvironment(): PagesEnvironment {
  return usePagesState().environment;
}

/** The date window the funnel, feedback and SLA pages share. */
export function useWindowChoice(): [WindowChoice, (window: WindowChoice) => void] {
  const { window, setWindow } = usePagesState();
  return [window, setWindow];
}
