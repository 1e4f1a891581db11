// What the preview server tells the page: who the simulated user is and where the backend is.

export interface PreviewUser {
  readonly id: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

export interface PreviewSession {
  readonly portalId: string;
  readonly appId: string;
  readonly backendUrl: string;
  readonly timezone: string;
  readonly user: PreviewUser;
}

export interface ContactSummary {
  readonly id: string;
  readonly name: string;
  readonly company: string | null;
  readonly jobtitle: string | null;
  readonly channel: string | null;
  readonly createdAt: string;
  readonly owner: string | null;
  readonly lifecycleStage: string | null;
  readonly mqlQualifiedAt: string | null;
  readonly mqlSlaStatus: string | null;
  readonly sqlVerdict: string | null;
}

export interface AppProperty {
  readonly name: string;
  readonly label: string;
  readonly value: string | null;
  readonly changedAt: string | null;
  readonly source: string | null;
}

export interface ContactDetail {
  readonly id: string;
  readonly owner: string | null;
  readonly properties: Record<string, string | null>;
  readonly appProperties: AppProperty[];
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export function formatDate(iso: string | null, timeZone: string): string {
  if (iso === null || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('ja-JP', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
