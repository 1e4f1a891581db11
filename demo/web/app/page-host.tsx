// An App Page: HubSpot shows it full width under the app's name, with its own router.
import { useMemo } from 'react';
import type { PreviewEntry } from 'virtual:preview-entries';
import { PageLocationContext } from '../ui-extensions/pages.tsx';
import type { PreviewExtensionApi } from '../ui-extensions/runtime.tsx';
import { contextFor } from './contact-record.tsx';
import { ExtensionHost } from './extension-host.tsx';
import type { PreviewSession } from './session.ts';
import type { Toast } from './toasts.tsx';

interface PageHostProps {
  readonly session: PreviewSession;
  readonly entry: PreviewEntry;
  readonly path: string;
  readonly locale: string;
  readonly navigate: (to: string) => void;
  readonly alert: (toast: Omit<Toast, 'id'>) => void;
}

export function PageHost({ session, entry, path, locale, navigate, alert }: PageHostProps) {
  const api: PreviewExtensionApi = useMemo(
    () => ({
      context: contextFor(session, locale, entry.location, {}),
      actions: {
        addAlert: ({ type, title, message }: { type?: Toast['type']; title?: string; message: string }) => {
          alert({ type: type ?? 'info', title: title ?? '', message });
        },
        closeOverlay: () => undefined,
        copyTextToClipboard: (text: string) => navigator.clipboard.writeText(text),
        navigateToPage: ({ to }: { to: string }) => {
          navigate(to);
        },
        openIframeModal: ({ uri }: { uri: string }) => window.open(uri, '_blank'),
        reloadPage: () => {
          window.location.reload();
        },
      },
      runServerlessFunction: () => Promise.reject(new Error('no serverless functions in the preview')),
    }),
    [session, locale, entry.location, navigate, alert],
  );
  const location = useMemo(() => ({ path, navigate }), [path, navigate]);
  return (
    <section className="pv-page" data-testid={`page-${entry.key}`}>
      <div className="pv-page__app">Lead Handoff · {entry.name}</div>
      <PageLocationContext.Provider value={location}>
        <ExtensionHost entryKey={entry.key} api={api} />
      </PageLocationContext.Provider>
    </section>
  );
}
