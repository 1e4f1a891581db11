import type {
  AccordionProps,
  AutoGridProps,
  BoxProps,
  CardProps,
  FlexProps,
  InlineProps,
  StackProps,
  TabProps,
  TabsProps,
  TileProps,
} from '@hubspot/ui-extensions';
import { Children, isValidElement, useState } from 'react';
import type { ReactElement } from 'react';
import { cx, flexValue, px, testIdOf } from './base.ts';

export function Flex({ children, direction, gap, justify, align, alignSelf, wrap, testId }: FlexProps) {
  return (
    <div
      {...testIdOf(testId)}
      className="hs-flex"
      style={{
        display: 'flex',
        flexDirection: direction === 'column' ? 'column' : 'row',
        gap: px(gap, 0),
        justifyContent: flexValue(justify),
        alignItems: flexValue(align),
        alignSelf: flexValue(alignSelf),
        flexWrap: wrap === true || wrap === 'wrap' ? 'wrap' : 'nowrap',
      }}
    >
      {children}
    </div>
  );
}

export function Box({ children, alignSelf, flex, testId }: BoxProps) {
  const grow =
    flex === undefined
      ? undefined
      : typeof flex === 'number'
        ? `${flex} 1 0%`
        : flex === 'auto'
          ? '1 1 auto'
          : flex === 'none'
            ? 'none'
            : '0 1 auto';
  return (
    <div {...testIdOf(testId)} style={{ alignSelf: flexValue(alignSelf), flex: grow, minWidth: 0 }}>
      {children}
    </div>
  );
}

export function Inline({ children, justify, align, gap, testId }: InlineProps) {
  return (
    <div
      {...testIdOf(testId)}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: px(gap, 8),
        justifyContent: flexValue(justify),
        alignItems: flexValue(align),
      }}
    >
      {children}
    </div>
  );
}

export function Stack({ children, distance, direction, justify, align, width, testId }: StackProps) {
  return (
    <div
      {...testIdOf(testId)}
      style={{
        display: 'flex',
        flexDirection: direction === 'row' ? 'row' : 'column',
        gap: px(distance, 8),
        justifyContent: flexValue(justify),
        alignItems: flexValue(align),
        width,
      }}
    >
      {children}
    </div>
  );
}

export function AutoGrid({ children, columnWidth, gap, flexible, testId }: AutoGridProps) {
  const column = flexible ? `minmax(${columnWidth}px, 1fr)` : `${columnWidth}px`;
  return (
    <div
      {...testIdOf(testId)}
      style={{ display: 'grid', gap: px(gap, 16), gridTemplateColumns: `repeat(auto-fill, ${column})` }}
    >
      {children}
    </div>
  );
}

export function Tile({ children, compact, flush, testId }: TileProps) {
  return (
    <div
      {...testIdOf(testId)}
      className={cx('hs-tile', compact && 'hs-tile--compact', flush && 'hs-tile--flush')}
    >
      {children}
    </div>
  );
}

export function Card({ children, testId }: CardProps) {
  return (
    <div {...testIdOf(testId)} className="hs-tile">
      {children}
    </div>
  );
}

export function Accordion({ title, children, defaultOpen, open, disabled, onClick, testId }: AccordionProps) {
  const [expanded, setExpanded] = useState(defaultOpen ?? false);
  const shown = open ?? expanded;
  return (
    <div {...testIdOf(testId)} className="hs-accordion">
      <button
        type="button"
        className="hs-accordion__title"
        disabled={disabled}
        onClick={() => {
          setExpanded(!shown);
          onClick?.();
        }}
      >
        <span className={cx('hs-caret', shown && 'hs-caret--open')}>▸</span> {title}
      </button>
      {shown && <div className="hs-accordion__body">{children}</div>}
    </div>
  );
}

export function Tab({ children }: TabProps) {
  return <>{children}</>;
}

export function Tabs({
  children,
  defaultSelected,
  selected,
  onSelectedChange,
  variant,
  fill,
  testId,
}: TabsProps) {
  const tabs = Children.toArray(children).filter((child): child is ReactElement<TabProps> =>
    isValidElement(child),
  );
  const ids = tabs.map((tab, index) => tab.props.tabId ?? index);
  const [current, setCurrent] = useState<string | number | undefined>(defaultSelected ?? ids[0]);
  const active = selected ?? current;
  const chosen = tabs[Math.max(0, ids.indexOf(active ?? ids[0] ?? 0))];
  return (
    <div {...testIdOf(testId)} className={cx('hs-tabs', variant === 'enclosed' && 'hs-tabs--enclosed')}>
      <div className="hs-tabs__bar" role="tablist">
        {tabs.map((tab, index) => {
          const id = ids[index] ?? index;
          return (
            <button
              key={String(id)}
              type="button"
              role="tab"
              aria-selected={id === active}
              disabled={tab.props.disabled}
              className={cx(
                'hs-tabs__tab',
                id === active && 'hs-tabs__tab--active',
                fill && 'hs-tabs__tab--fill',
              )}
              onClick={() => {
                setCurrent(id);
                (onSelectedChange as ((value: string | number) => void) | undefined)?.(id);
              }}
            >
              {tab.props.title}
            </button>
          );
        })}
      </div>
      <div className="hs-tabs__panel">{chosen?.props.children}</div>
    </div>
  );
}
