import type {
  AlertProps,
  EmptyStateProps,
  ErrorStateProps,
  LoadingSpinnerProps,
  ProgressBarProps,
  ScoreProps,
  StatusTagProps,
  StepIndicatorProps,
  TagProps,
} from '@hubspot/ui-extensions';
import type { MouseEvent } from 'react';
import { cx, legacyProp, testIdOf } from './base.ts';
import { extensionEvent, noReactions } from './events.ts';

export function Tag({ children, variant, onClick, inline, testId }: TagProps) {
  const click = onClick
    ? (event: MouseEvent) => void onClick(extensionEvent(event.nativeEvent), noReactions)
    : undefined;
  return (
    <span
      {...testIdOf(testId)}
      className={cx(
        'hs-tag',
        `hs-tag--${variant ?? 'default'}`,
        inline && 'hs-tag--inline',
        click && 'hs-clickable',
      )}
      onClick={click}
    >
      {children}
    </span>
  );
}

export function StatusTag({
  children,
  variant,
  hollow,
  onClick,
  showRemoveIcon,
  onRemoveClick,
  testId,
}: StatusTagProps) {
  return (
    <span {...testIdOf(testId)} className={cx('hs-status', onClick && 'hs-clickable')} onClick={onClick}>
      <span
        className={cx(
          'hs-status__dot',
          `hs-status__dot--${variant ?? 'default'}`,
          hollow && 'hs-status__dot--hollow',
        )}
      />
      {children}
      {showRemoveIcon && (
        <button type="button" className="hs-status__remove" onClick={onRemoveClick} aria-label="remove">
          ×
        </button>
      )}
    </span>
  );
}

export function Alert({ title, children, variant, testId }: AlertProps) {
  return (
    <div
      {...testIdOf(testId)}
      role="alert"
      className={cx('hs-alert', `hs-alert--${variant === 'error' ? 'danger' : (variant ?? 'info')}`)}
    >
      <strong className="hs-alert__title">{title}</strong>
      {children !== undefined && <div className="hs-alert__body">{children}</div>}
    </div>
  );
}

export function LoadingSpinner({ label, showLabel, size, layout, testId }: LoadingSpinnerProps) {
  return (
    <div
      {...testIdOf(testId)}
      role="status"
      aria-label={label}
      className={cx(
        'hs-spinner',
        layout === 'centered' && 'hs-spinner--centered',
        size && `hs-spinner--${size}`,
      )}
    >
      <span className="hs-spinner__wheel" />
      {showLabel && <span className="hs-spinner__label">{label}</span>}
    </div>
  );
}

export function EmptyState({
  children,
  title,
  layout,
  reverseOrder,
  imageWidth,
  flush,
  testId,
}: EmptyStateProps) {
  return (
    <div
      {...testIdOf(testId)}
      className={cx(
        'hs-empty',
        layout === 'vertical' ? 'hs-empty--vertical' : 'hs-empty--horizontal',
        reverseOrder && 'hs-empty--reverse',
        flush && 'hs-empty--flush',
      )}
    >
      <div
        className="hs-illustration"
        style={{ width: imageWidth ?? 120, height: (imageWidth ?? 120) * 0.75 }}
      />
      <div>
        {title !== undefined && <h3 className="hs-empty__title">{title}</h3>}
        {children}
      </div>
    </div>
  );
}

export function ErrorState({ children, title, testId }: ErrorStateProps) {
  return (
    <div {...testIdOf(testId)} className="hs-empty hs-empty--vertical hs-error-state">
      <div className="hs-illustration hs-illustration--error" style={{ width: 100, height: 75 }} />
      <h3 className="hs-empty__title">{title ?? 'Something went wrong.'}</h3>
      {children}
    </div>
  );
}

export function ProgressBar(props: ProgressBarProps) {
  const { title, value, maxValue, showPercentage, valueDescription, variant, testId } = props;
  const legacyMax = legacyProp(props, 'valueMax');
  const max = maxValue ?? (typeof legacyMax === 'number' ? legacyMax : 100);
  const share = Math.max(0, Math.min(1, (value ?? 0) / (max || 1)));
  return (
    <div {...testIdOf(testId)} className="hs-progress">
      <div className="hs-progress__label">
        <span>{title}</span>
        <span>{showPercentage ? `${Math.round(share * 100)}%` : valueDescription}</span>
      </div>
      <div className="hs-progress__track">
        <div
          className={cx('hs-progress__bar', variant && `hs-progress__bar--${variant}`)}
          style={{ width: `${share * 100}%` }}
        />
      </div>
    </div>
  );
}

export function ScoreCircle({ score, testId }: ScoreProps) {
  return (
    <span {...testIdOf(testId)} className="hs-score">
      {score}
    </span>
  );
}

export function StepIndicator({ stepNames, currentStep, direction, onClick, testId }: StepIndicatorProps) {
  return (
    <ol {...testIdOf(testId)} className={cx('hs-steps', direction === 'vertical' && 'hs-steps--vertical')}>
      {stepNames.map((name, index) => (
        <li
          key={name}
          className={cx(
            'hs-step',
            index === currentStep && 'hs-step--current',
            index < (currentStep ?? 0) && 'hs-step--done',
          )}
          onClick={() => onClick?.(index)}
        >
          <span className="hs-step__dot">{index + 1}</span> {name}
        </li>
      ))}
    </ol>
  );
}
