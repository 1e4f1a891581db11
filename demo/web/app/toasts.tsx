// `actions.addAlert`: HubSpot shows these as toasts at the top of the page.
import { useEffect } from 'react';

export interface Toast {
  readonly id: number;
  readonly type: 'info' | 'warning' | 'success' | 'danger' | 'tip';
  readonly title: string;
  readonly message: string;
}

export function Toasts({ toasts, dismiss }: { toasts: readonly Toast[]; dismiss: (id: number) => void }) {
  useEffect(() => {
    const timers = toasts.map((toast) =>
      setTimeout(() => {
        dismiss(toast.id);
      }, 8_000),
    );
    return () => {
      timers.forEach(clearTimeout);
    };
  }, [toasts, dismiss]);
  return (
    <div className="pv-toasts">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role="status"
          data-testid="preview-toast"
          className={`pv-toast hs-alert hs-alert--${toast.type}`}
        >
          <strong className="hs-alert__title">{toast.title}</strong>
          <div className="hs-alert__body">{toast.message}</div>
          <button
            type="button"
            aria-label="dismiss"
            onClick={() => {
              dismiss(toast.id);
            }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
