// The simulated portal's current values of the properties Lead Handoff writes, read from the
// portal itself, so a verdict can be watched landing in HubSpot's contact properties.
import { formatDate } from './session.ts';
import type { ContactDetail } from './session.ts';

export function PortalProperties({ detail, timezone }: { detail: ContactDetail | null; timezone: string }) {
  return (
    <aside className="pv-side pv-portal" data-testid="portal-properties">
      <h2>HubSpot のプロパティ</h2>
      <p className="pv-muted pv-small">シミュレートしたポータルの現在の値 (sales_feedback グループ)</p>
      {detail === null ? (
        <p className="pv-muted">読み込み中…</p>
      ) : detail.appProperties.length === 0 ? (
        <p className="pv-muted">このポータルにはまだ sales_feedback プロパティがありません。</p>
      ) : (
        <dl className="pv-props">
          {detail.appProperties.map((property) => (
            <div key={property.name} data-testid={`portal-${property.name}`} className="pv-prop">
              <dt>
                {property.label} <code>{property.name}</code>
              </dt>
              <dd data-testid={`portal-value-${property.name}`}>{property.value ?? '—'}</dd>
              {property.changedAt !== null && (
                <dd className="pv-muted pv-small">
                  {formatDate(property.changedAt, timezone)} · {property.source}
                </dd>
              )}
            </div>
          ))}
        </dl>
      )}
    </aside>
  );
}
