// The preview's own contact list (HubSpot's Contacts index stands behind it in a real portal):
// the simulated portal's contacts with what Lead Handoff wrote to them.
import { useEffect, useState } from 'react';
import { formatDate, getJson } from './session.ts';
import type { ContactSummary, PreviewSession } from './session.ts';

const SLA_LABELS: Record<string, string> = {
  not_started: '未開始',
  on_track: '期限内',
  due_soon: '期限間近',
  breached: '期限超過',
  met: '完了',
};
const SLA_TONE: Record<string, string> = {
  on_track: 'info',
  due_soon: 'warning',
  breached: 'danger',
  met: 'success',
};
const VERDICT_LABELS: Record<string, string> = {
  accepted: '受け入れ(SQL)',
  rejected: '却下',
  recycled: 'ナーチャリングへ',
};
const PAGE = 25;

export function ContactList({ session, open }: { session: PreviewSession; open: (id: string) => void }) {
  const [contacts, setContacts] = useState<ContactSummary[] | null>(null);
  const [onlyMql, setOnlyMql] = useState(true);
  const [page, setPage] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    getJson<{ contacts: ContactSummary[] }>(`/_preview/portal/contacts${onlyMql ? '?mql=1' : ''}`).then(
      (body) => {
        if (current) setContacts(body.contacts);
      },
      (failure: unknown) => {
        if (current) setError(String(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [onlyMql]);

  if (error) return <p className="pv-muted">{error}</p>;
  if (!contacts) return <p className="pv-muted">読み込み中…</p>;
  const shown = contacts.slice(page * PAGE, (page + 1) * PAGE);
  const pages = Math.ceil(contacts.length / PAGE);
  return (
    <section className="pv-index">
      <div className="pv-index__header">
        <h1>コンタクト</h1>
        <span className="pv-muted">{contacts.length} 件</span>
        <label className="pv-filter">
          <input
            type="checkbox"
            checked={onlyMql}
            onChange={(event) => {
              setPage(0);
              setOnlyMql(event.target.checked);
            }}
          />
          MQL のみ
        </label>
      </div>
      <table className="hs-table hs-table--bordered pv-contacts" data-testid="contact-list">
        <thead>
          <tr>
            <th>名前</th>
            <th>会社名</th>
            <th>役職</th>
            <th>流入元</th>
            <th>コンタクト担当者</th>
            <th>MQL 化</th>
            <th>SLA</th>
            <th>SQL 判定</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((contact) => (
            <tr key={contact.id} data-testid={`contact-row-${contact.id}`}>
              <td>
                <a
                  className="hs-link"
                  href={`#/contacts/${contact.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    open(contact.id);
                  }}
                >
                  {contact.name}
                </a>
              </td>
              <td>{contact.company ?? '—'}</td>
              <td>{contact.jobtitle ?? '—'}</td>
              <td>{contact.channel ?? '—'}</td>
              <td>{contact.owner ?? <span className="pv-muted">未割り当て</span>}</td>
              <td>{formatDate(contact.mqlQualifiedAt, session.timezone)}</td>
              <td>
                {contact.mqlSlaStatus ? (
                  <span className="hs-status">
                    <span
                      className={`hs-status__dot hs-status__dot--${SLA_TONE[contact.mqlSlaStatus] ?? 'default'}`}
                    />
                    {SLA_LABELS[contact.mqlSlaStatus] ?? contact.mqlSlaStatus}
                  </span>
                ) : (
                  '—'
                )}
              </td>
              <td>{contact.sqlVerdict ? (VERDICT_LABELS[contact.sqlVerdict] ?? contact.sqlVerdict) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div className="hs-table__pages">
          <button
            type="button"
            className="hs-page"
            disabled={page === 0}
            onClick={() => {
              setPage(page - 1);
            }}
          >
            ‹ 前へ
          </button>
          <span className="pv-muted">
            {page + 1} / {pages}
          </span>
          <button
            type="button"
            className="hs-page"
            disabled={page + 1 >= pages}
            onClick={() => {
              setPage(page + 1);
            }}
          >
            次へ ›
          </button>
        </div>
      )}
    </section>
  );
}
