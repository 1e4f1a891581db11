import type { ButtonProps, ButtonRowProps, DropdownProps, LoadingButtonProps } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { cx, legacyProp, testIdOf } from './base.ts';
import { extensionEvent, reactionsFor } from './events.ts';
import { OverlayCloser } from './overlays.tsx';

function WithOverlay({
  overlay,
  open,
  close,
  children,
}: {
  overlay: ReactNode;
  open: boolean;
  close: () => void;
  children: ReactNode;
}) {
  return (
    <>
      {children}
      {open && overlay !== undefined && (
        <OverlayCloser.Provider value={close}>{overlay}</OverlayCloser.Provider>
      )}
    </>
  );
}

function BaseButton(props: ButtonProps & { loading?: boolean }) {
  const { children, onClick, href, disabled, variant, type, size, overlay, testId, loading } = props;
  const [open, setOpen] = useState(false);
  const className = cx(
    'hs-button',
    `hs-button--${variant ?? 'secondary'}`,
    size && `hs-button--${size}`,
    loading && 'hs-button--loading',
  );
  const click = (event: MouseEvent) => {
    void onClick?.(extensionEvent(event.nativeEvent), reactionsFor(setOpen));
    if (overlay !== undefined) setOpen(true);
  };
  const content = (
    <>
      {loading && <span className="hs-spinner__wheel hs-spinner__wheel--inline" />}
      {children}
    </>
  );
  const element =
    href !== undefined ? (
      <a
        {...testIdOf(testId)}
        className={className}
        href={typeof href === 'string' ? href : href.url}
        target="_blank"
        rel="noreferrer"
        onClick={click}
      >
        {content}
      </a>
    ) : (
      <button
        {...testIdOf(testId)}
        type={type ?? 'button'}
        className={className}
        disabled={disabled === true || loading === true}
        onClick={click}
      >
        {content}
      </button>
    );
  return (
    <WithOverlay
      overlay={overlay}
      open={open}
      close={() => {
        setOpen(false);
      }}
    >
      {element}
    </WithOverlay>
  );
}

export function Button(props: ButtonProps) {
  return <BaseButton {...props} />;
}

export function LoadingButton(props: LoadingButtonProps) {
  const { loading, overlayOptions: _options, resultIconName: _icon, ...rest } = props;
  return <BaseButton {...rest} loading={loading === true} />;
}

export function ButtonRow({ children, testId }: ButtonRowProps) {
  return (
    <div {...testIdOf(testId)} className="hs-button-row">
      {children}
    </div>
  );
}

export function Dropdown(props: DropdownProps) {
  const { variant, buttonText, buttonSize, disabled, children, testId } = props;
  const legacyOptions = legacyProp(props, 'options');
  const options = Array.isArray(legacyOptions)
    ? (legacyOptions as { label: string; onClick?: () => void }[])
    : [];
  const [open, setOpen] = useState(false);
  return (
    <span {...testIdOf(testId)} className="hs-dropdown">
      <button
        type="button"
        disabled={disabled}
        className={cx(
          'hs-button',
          `hs-button--${variant ?? 'secondary'}`,
          buttonSize && `hs-button--${buttonSize}`,
        )}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {buttonText ?? 'More'} ▾
      </button>
      {open && (
        <span className="hs-dropdown__menu">
          {options.map((option) => (
            <button
              key={option.label}
              type="button"
              onClick={() => {
                setOpen(false);
                option.onClick?.();
              }}
            >
              {option.label}
            </button>
          ))}
          {children}
        </span>
      )}
    </span>
  );
}
