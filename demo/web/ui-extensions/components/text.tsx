import type {
  AllDistances,
  DividerProps,
  HeadingProps,
  IconProps,
  IllustrationProps,
  ImageProps,
  LinkProps,
  ListProps,
  SpacerProps,
  TextProps,
  TooltipProps,
} from '@hubspot/ui-extensions';
import { Children } from 'react';
import type { MouseEvent } from 'react';
import { cx, legacyProp, px, testIdOf } from './base.ts';
import { extensionEvent, noReactions } from './events.ts';

export function Text({ children, variant, inline, format, truncate, testId }: TextProps) {
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag
      {...testIdOf(testId)}
      className={cx('hs-text', variant === 'microcopy' && 'hs-text--micro', truncate && 'hs-text--truncate')}
      style={{
        fontWeight: format?.fontWeight === 'bold' ? 700 : format?.fontWeight === 'demibold' ? 600 : undefined,
        fontStyle: format?.italic ? 'italic' : undefined,
        textDecoration:
          format?.lineDecoration === 'strikethrough'
            ? 'line-through'
            : format?.lineDecoration === 'underline'
              ? 'underline'
              : undefined,
        textTransform: format?.textTransform === 'sentenceCase' ? undefined : format?.textTransform,
      }}
    >
      {children}
    </Tag>
  );
}

export function Heading({ children, inline, testId }: HeadingProps) {
  return (
    <h2 {...testIdOf(testId)} className={cx('hs-heading', inline && 'hs-heading--inline')}>
      {children}
    </h2>
  );
}

export function Link({ children, href, variant, onClick, preventDefault, testId }: LinkProps) {
  const url = typeof href === 'string' ? href : href.url;
  const external = typeof href === 'string' ? /^https?:/.test(href) : href.external === true;
  const click = (event: MouseEvent) => {
    if (preventDefault) event.preventDefault();
    void onClick?.(extensionEvent(event.nativeEvent), noReactions);
  };
  return (
    <a
      {...testIdOf(testId)}
      className={cx('hs-link', variant && `hs-link--${variant}`)}
      href={url}
      onClick={click}
      {...(external ? { target: '_blank', rel: 'noreferrer' } : {})}
    >
      {children}
    </a>
  );
}

export function Divider(props: DividerProps) {
  const { size, testId } = props;
  const legacy = legacyProp(props, 'distance');
  const margin = px(size ?? (typeof legacy === 'string' ? (legacy as AllDistances) : undefined), 16);
  return <hr {...testIdOf(testId)} className="hs-divider" style={{ margin: `${margin}px 0` }} />;
}

export function Spacer({ size, testId }: SpacerProps) {
  return <div {...testIdOf(testId)} style={{ height: px(size, 8) }} />;
}

export function List({ children, variant, testId }: ListProps) {
  const ordered = variant?.startsWith('ordered') ?? false;
  const Tag = ordered ? 'ol' : 'ul';
  return (
    <Tag {...testIdOf(testId)} className={cx('hs-list', variant && `hs-list--${variant}`)}>
      {Children.map(children, (child) => (
        <li>{child}</li>
      ))}
    </Tag>
  );
}

export function Icon({ name, screenReaderText, color, testId }: IconProps) {
  return (
    <span
      {...testIdOf(testId)}
      className={cx('hs-icon', color && `hs-icon--${color}`)}
      title={screenReaderText ?? name}
      aria-label={screenReaderText}
    >
      ●
    </span>
  );
}

export function Image({ src, alt, width, height, testId }: ImageProps) {
  return <img {...testIdOf(testId)} src={src} alt={alt ?? ''} width={width} height={height} />;
}

export function Illustration({ name, alt, width, height, testId }: IllustrationProps) {
  return (
    <div
      {...testIdOf(testId)}
      className="hs-illustration"
      role="img"
      aria-label={alt}
      title={name}
      style={{ width: width ?? 120, height: height ?? 90 }}
    />
  );
}

export function Tooltip({ children, testId }: TooltipProps) {
  return (
    <span {...testIdOf(testId)} className="hs-tooltip">
      {children}
    </span>
  );
}
