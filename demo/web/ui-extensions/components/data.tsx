import type {
  DescriptionListItemProps,
  DescriptionListProps,
  StatisticsItemProps,
  StatisticsProps,
  StatisticsTrendProps,
} from '@hubspot/ui-extensions';
import { cx, testIdOf } from './base.ts';

export function Statistics({ children, testId }: StatisticsProps) {
  return (
    <div {...testIdOf(testId)} className="hs-statistics">
      {children}
    </div>
  );
}

export function StatisticsItem({ label, number, children, testId }: StatisticsItemProps) {
  return (
    <div {...testIdOf(testId)} className="hs-statistics__item">
      <div className="hs-statistics__label">{label}</div>
      <div className="hs-statistics__number">{number}</div>
      {children}
    </div>
  );
}

export function StatisticsTrend({ value, direction, color, testId }: StatisticsTrendProps) {
  const tone = color ?? (direction === 'increase' ? 'green' : 'red');
  return (
    <div {...testIdOf(testId)} className={cx('hs-trend', `hs-trend--${tone}`)}>
      {direction === 'increase' ? '▲' : '▼'} {value}
    </div>
  );
}

export function DescriptionList({ children, direction, testId }: DescriptionListProps) {
  return (
    <dl {...testIdOf(testId)} className={cx('hs-dl', direction === 'row' ? 'hs-dl--row' : 'hs-dl--column')}>
      {children}
    </dl>
  );
}

export function DescriptionListItem({ children, label, testId }: DescriptionListItemProps) {
  return (
    <div {...testIdOf(testId)} className="hs-dl__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
