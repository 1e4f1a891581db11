// Modal and Panel open when a Button, Link or Tag with `overlay={<Modal …/>}` is clicked; the
// preview shows them as a dialog over the page.
import type {
  ModalBodyProps,
  ModalFooterProps,
  ModalProps,
  PanelBodyProps,
  PanelFooterProps,
  PanelProps,
  PanelSectionProps,
} from '@hubspot/ui-extensions';
import { createContext, useContext, useEffect } from 'react';
import { cx, testIdOf } from './base.ts';

/** Closes the overlay that contains it (set by the component that opened it). */
export const OverlayCloser = createContext<(() => void) | null>(null);

function Dialog(props: {
  kind: 'modal' | 'panel';
  title: string | undefined;
  width: string | undefined;
  testId: string | undefined;
  onOpen: (() => void) | undefined;
  onClose: (() => void) | undefined;
  children: React.ReactNode;
}) {
  const close = useContext(OverlayCloser);
  const { onOpen } = props;
  useEffect(() => {
    onOpen?.();
  }, [onOpen]);
  if (!close) return null;
  return (
    <div className="hs-overlay" role="dialog">
      <div
        {...testIdOf(props.testId)}
        className={cx('hs-dialog', `hs-dialog--${props.kind}`, props.width && `hs-dialog--${props.width}`)}
      >
        <div className="hs-dialog__header">
          <span>{props.title}</span>
          <button
            type="button"
            aria-label="close"
            onClick={() => {
              props.onClose?.();
              close();
            }}
          >
            ×
          </button>
        </div>
        {props.children}
      </div>
    </div>
  );
}

export function Modal({ children, title, width, onOpen, onClose, testId }: ModalProps) {
  return (
    <Dialog kind="modal" title={title} width={width} testId={testId} onOpen={onOpen} onClose={onClose}>
      {children}
    </Dialog>
  );
}

export function ModalBody({ children, testId }: ModalBodyProps) {
  return (
    <div {...testIdOf(testId)} className="hs-dialog__body">
      {children}
    </div>
  );
}

export function ModalFooter({ children, testId }: ModalFooterProps) {
  return (
    <div {...testIdOf(testId)} className="hs-dialog__footer">
      {children}
    </div>
  );
}

export function Panel({ children, title, width, onOpen, onClose, testId }: PanelProps) {
  return (
    <Dialog kind="panel" title={title} width={width} testId={testId} onOpen={onOpen} onClose={onClose}>
      {children}
    </Dialog>
  );
}

export function PanelBody({ children, testId }: PanelBodyProps) {
  return (
    <div {...testIdOf(testId)} className="hs-dialog__body">
      {children}
    </div>
  );
}

export function PanelSection({ children, flush, testId }: PanelSectionProps) {
  return (
    <div {...testIdOf(testId)} className={cx('hs-panel-section', flush && 'hs-panel-section--flush')}>
      {children}
    </div>
  );
}

export function PanelFooter({ children, testId }: PanelFooterProps) {
  return (
    <div {...testIdOf(testId)} className="hs-dialog__footer">
      {children}
    </div>
  );
}
