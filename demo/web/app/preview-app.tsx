// The preview shell: a clear "not HubSpot" banner, HubSpot-like navigation, and hash routes for
// the contact list, a contact record (with the card) and each App Page.
import { useCallback, useEffect, useState } from 'react';
import type { PreviewEntry } from 'virtual:preview-entries';
import { ContactList } from './contact-list.tsx';
import { ContactRecord } from './contact-record.tsx';
import { PageHost } from './page-host.tsx';
import type { PreviewSession } from './session.ts';
import { Toasts } from './toasts.tsx';
import type { Toast } from './toasts.tsx';

type Route =
  | { readonly view: 'contacts' }
  | { readonly view: 'contact'; readonly id: string }
  | { readonly view: 'page'; readonly key: string; readonly path: string };

function parse(hash: string): Route {
  const contact = /^#\/contacts\/([^/]+)$/.exec(hash);
  if (contact?.[1] !== undefined) return { view: 'contact', id: decodeURIComponent(contact[1]) };
  const page = /^#\/pages\/([^/]+)(\/.*)?$/.exec(hash);
  if (page?.[1] !== undefined) return { view: 'page', key: page[1], path: page[2] ?? '/' };
  return { view: 'contacts' };
}

export function PreviewApp({
  session,
  entries,
}: {
  session: PreviewSession;
  entries: readonly PreviewEntry[];
}) {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  const [locale, setLocale] = useState('ja-JP');
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    const onHash = () => {
      setRoute(parse(window.location.hash));
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
    };
  }, []);
  const go = useCallback((hash: string) => {
    window.location.hash = hash;
  }, []);
  const alert = useCallback((toast: Omit<Toast, 'id'>) => {
    setToasts((list) => [...list, { ...toast, id: Date.now() + Math.random() }]);
  }, []);
  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
  }, []);
  const pageKey = route.view === 'page' ? route.key : null;
  const navigatePage = useCallback(
    (to: string) => {
      go(`#/pages/${pageKey ?? ''}${to.startsWith('/') ? to : `/${to}`}`);
    },
    [go, pageKey],
  );
  const firstPage = entries.find((entry) => entry.kind === 'page');
  const navigateFromCard = useCallback(
    (to: string) => {
      go(`#/pages/${firstPage?.key ?? ''}${to}`);
    },
    [go, firstPage],
  );

  const cards = entries.filter((entry) => entry.kind === 'card');
  const pages = entries.filter((entry) => entry.kind === 'page');
  const page = route.view === 'page' ? pages.find((entry) => entry.key === route.key) : undefined;
  return (
    <div className="pv-shell">
      <div className="pv-banner" data-testid="preview-banner">
        <strong>Preview: not HubSpot</strong> — Lead Handoff のローカルプレビュー。シミュレートした HubSpot
        ポータルと本物のバックエンドで動いています。
      </div>
      <nav className="pv-nav">
        <span className="pv-nav__brand">Lead Handoff</span>
        <a
          className={route.view !== 'page' ? 'pv-nav__item pv-nav__item--active' : 'pv-nav__item'}
          href="#/contacts"
        >
          コンタクト
        </a>
        {pages.map((entry) => (
          <a
            key={entry.key}
            className={pageKey === entry.key ? 'pv-nav__item pv-nav__item--active' : 'pv-nav__item'}
            href={`#/pages/${entry.key}`}
          >
            {entry.name}
          </a>
        ))}
        <span className="pv-nav__spacer" />
        <select
          className="pv-nav__locale"
          value={locale}
          onChange={(event) => {
            setLocale(event.target.value);
          }}
          aria-label="locale"
        >
          <option value="ja-JP">日本語</option>
          <option value="en-US">English</option>
        </select>
        <span className="pv-nav__user">
          {session.user.lastName} {session.user.firstName} <span className="pv-muted">(営業)</span>
        </span>
      </nav>
      <Toasts toasts={toasts} dismiss={dismiss} />
      <div className="pv-content">
        {route.view === 'contacts' && (
          <ContactList
            session={session}
            open={(id) => {
              go(`#/contacts/${id}`);
            }}
          />
        )}
        {route.view === 'contact' && (
          <ContactRecord
            session={session}
            contactId={route.id}
            cards={cards}
            locale={locale}
            alert={alert}
            back={() => {
              go('#/contacts');
            }}
            navigateToPage={navigateFromCard}
          />
        )}
        {route.view === 'page' &&
          (page ? (
            <PageHost
              key={page.key}
              session={session}
              entry={page}
              path={route.path}
              locale={locale}
              navigate={navigatePage}
              alert={alert}
            />
          ) : (
            <p className="pv-muted">No App Page “{route.key}”.</p>
          ))}
      </div>
    </div>
  );
}
