// A contact record as HubSpot lays it out: the contact on the left, the app's card in the middle
// (rendered by the real card code), and, where HubSpot has its own sidebar, the portal's current
// values of the properties the app writes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PreviewEntry } from 'virtual:preview-entries';
import type { PreviewExtensionApi } from '../ui-extensions/runtime.tsx';
import { ExtensionHost } from './extension-host.tsx';
import { PortalProperties } from './portal-properties.tsx';
import { formatDate, getJson } from './session.ts';
import type { ContactDetail, PreviewSession } from './session.ts';
import type { Toast } from './toasts.tsx';

interface RecordProps {
  readonly session: PreviewSession;
  readonly contactId: string;
  readonly cards: readonly PreviewEntry[];
  readonly locale: string;
  readonly alert: (toast: Omit<Toast, 'id'>) => void;
  readonly back: () => void;
  readonly navigateToPage: (to: string) => void;
}

export function contextFor(session: PreviewSession, locale: string, location: string, extra: object) {
  return {
    location,
    user: {
      id: session.user.id,
      emails: [session.user.email],
      email: session.user.email,
      firstName: session.user.firstName,
      lastName: session.user.lastName,
      roles: [],
      teams: [],
      locale,
      language: locale.slice(0, 2),
      permissions: [],
    },
    portal: { id: Number(session.portalId), timezone: session.timezone },
    variables: { BACKEND_URL: session.backendUrl },
    extension: { appId: session.appId, appName: 'Lead Handoff' },
    ...extra,
  };
}

export function ContactRecord(props: RecordProps) {
  const { session, contactId } = props;
  const [detail, setDetail] = useState<ContactDetail | null>(null);
  const [generation, setGeneration] = useState(0);
  const listeners = useRef(new Set<() => void>());

  useEffect(() => {
    let current = true;
    const load = () =>
      getJson<ContactDetail>(`/_preview/portal/contacts/${encodeURIComponent(contactId)}`).then(
        (body) => {
          if (current) setDetail(body);
        },
        () => undefined,
      );
    void load();
    // The portal changes when the backend writes back (a second or two after a verdict).
    const timer = setInterval(() => void load(), 2_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [contactId, generation]);

  const refresh = useCallback(() => {
    setGeneration((value) => value + 1);
    for (const listener of listeners.current) listener();
  }, []);

  const { alert, navigateToPage } = props;
  const api: PreviewExtensionApi = useMemo(
    () => ({
      context: contextFor(session, props.locale, 'crm.record.tab', {
        crm: { objectId: Number(contactId), objectTypeId: '0-1' },
      }),
      actions: {
        addAlert: ({ type, title, message }: { type?: Toast['type']; title?: string; message: string }) => {
          alert({ type: type ?? 'info', title: title ?? '', message });
        },
        reloadPage: () => {
          window.location.reload();
        },
        refreshObjectProperties: refresh,
        fetchCrmObjectProperties: async (names: string[] | '*') => {
          const body = await getJson<ContactDetail>(
            `/_preview/portal/contacts/${encodeURIComponent(contactId)}`,
          );
          const all = Object.entries(body.properties).map(([name, value]) => [name, value ?? ''] as const);
          return Object.fromEntries(names === '*' ? all : all.filter(([name]) => names.includes(name)));
        },
        onCrmPropertiesUpdate: (
          _names: string[] | '*',
          callback: (properties: Record<string, string>) => void,
        ) => {
          listeners.current.add(() => {
            callback({});
          });
        },
        openIframeModal: ({ uri }: { uri: string }) => window.open(uri, '_blank'),
        closeOverlay: () => undefined,
        copyTextToClipboard: (text: string) => navigator.clipboard.writeText(text),
        navigateToPage: ({ to }: { to: string }) => {
          navigateToPage(to);
        },
      },
      runServerlessFunction: () => Promise.reject(new Error('no serverless functions in the preview')),
    }),
    [session, props.locale, contactId, refresh, alert, navigateToPage],
  );

  const value = (name: string) => detail?.properties[name] ?? '—';
  return (
    <div className="pv-record">
      <aside className="pv-side pv-about">
        <button type="button" className="hs-link pv-back" onClick={props.back}>
          ‹ コンタクト
        </button>
        <div className="pv-avatar">{value('lastname').slice(0, 1)}</div>
        <h1 data-testid="record-name">
          {value('lastname')} {value('firstname')}
        </h1>
        <p className="pv-muted">{value('jobtitle')}</p>
        <p className="pv-muted">{value('company')}</p>
        <dl className="pv-props">
          <div className="pv-prop">
            <dt>メール</dt>
            <dd>{value('email')}</dd>
          </div>
          <div className="pv-prop">
            <dt>コンタクト担当者</dt>
            <dd>{detail?.owner ?? '未割り当て'}</dd>
          </div>
          <div className="pv-prop">
            <dt>ライフサイクルステージ</dt>
            <dd>{value('lifecyclestage')}</dd>
          </div>
          <div className="pv-prop">
            <dt>流入元</dt>
            <dd>{value('hs_analytics_source')}</dd>
          </div>
          <div className="pv-prop">
            <dt>作成日</dt>
            <dd>{formatDate(detail?.properties['createdate'] ?? null, session.timezone)}</dd>
          </div>
        </dl>
      </aside>
      <main className="pv-middle">
        {props.cards.map((card) => (
          <section key={card.key} className="pv-card" data-testid={`card-${card.key}`}>
            <header className="pv-card__header">{card.name}</header>
            <div className="pv-card__body">
              <ExtensionHost key={contactId} entryKey={card.key} api={api} />
            </div>
          </section>
        ))}
      </main>
      <PortalProperties detail={detail} timezone={session.timezone} />
    </div>
  );
}
