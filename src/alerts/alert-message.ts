import type { AlertKind, DeadlineKind, SlaAlert } from '../ports/alert-channel.ts';

// The wording of an SLA alert, shared by every channel. Pure: the alert carries the instant, the
// clock and the time zone, so the same alert always reads the same. One language per message
// (English); names and labels the users typed (Japanese contact names) pass through untouched.

export interface AlertText {
  readonly subject: string;
  readonly body: string;
}

// A structural subset of Slack's Block Kit, enough for what we send; @slack/webhook accepts it as KnownBlock.
export interface SlackTextObject {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackTextObject & { readonly type: 'plain_text' } }
  | {
      readonly type: 'section';
      readonly text?: SlackTextObject;
      readonly fields?: readonly SlackTextObject[];
    }
  | { readonly type: 'context'; readonly elements: readonly SlackTextObject[] };

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

const DEADLINE_LABELS: Readonly<Record<DeadlineKind, string>> = {
  handoff: 'hand-off to sales',
  verdict: 'sales verdict',
};

const KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  due_soon: 'SLA due soon',
  breached: 'SLA breached',
  escalated: 'SLA escalation',
};

// Header blocks are plain text and capped at 150 characters by Slack.
const HEADER_MAX = 150;

export function contactRecordUrl(portalId: string, contactId: string): string {
  return `https://app.hubspot.com/contacts/${encodeURIComponent(portalId)}/record/0-1/${encodeURIComponent(contactId)}`;
}

export function deadlineLabel(kind: DeadlineKind): string {
  return DEADLINE_LABELS[kind];
}

/** Slack reads `&`, `<` and `>` as control characters in mrkdwn; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** "山田 太郎 (contact 123)" or "contact 123": the id is always there, so the record can be found. */
export function contactLabel(alert: Pick<SlaAlert, 'contactName' | 'contactId'>): string {
  const name = alert.contactName?.trim();
  return name ? `${name} (contact ${alert.contactId})` : `contact ${alert.contactId}`;
}

/** "45 business minutes", "2.5 business hours", "1 hour": a span counted on the deadline's clock. */
export function formatSpan(ms: number, clock: SlaAlert['clock']): string {
  const qualifier = clock === 'business' ? 'business ' : '';
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes === 0) return `less than a ${qualifier}minute`;
  if (minutes < 60) return `${minutes} ${qualifier}${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(Math.abs(ms) / 360_000) / 10;
  return `${hours} ${qualifier}${hours === 1 ? 'hour' : 'hours'}`;
}

/** "2.5 business hours late" once past the deadline, "due in 2 business hours" before it. */
export function formatLateness(alert: Pick<SlaAlert, 'lateByMs' | 'clock'>): string {
  const span = formatSpan(alert.lateByMs, alert.clock);
  return alert.lateByMs > 0 ? `${span} late` : `due in ${span}`;
}

/** "2026-11-20 Fri 10:00 (Asia/Tokyo)"; null when the zone is unknown to this runtime. */
export function formatInTimezone(instant: Date, timezone: string): string | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(instant);
  } catch {
    // RangeError for a zone the runtime's ICU does not know: the ISO instant is still shown.
    return null;
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('weekday')} ${part('hour')}:${part('minute')} (${timezone})`;
}

export function formatDue(alert: Pick<SlaAlert, 'dueAt' | 'timezone'>): string {
  const iso = alert.dueAt.toISOString();
  const local = formatInTimezone(alert.dueAt, alert.timezone);
  return local === null ? iso : `${local}, ${iso}`;
}

function ownerText(ownerId: string | null): string {
  return ownerId === null ? 'no owner assigned' : `HubSpot owner ${ownerId}`;
}

function headline(alert: SlaAlert, contact: string): string {
  const deadline = deadlineLabel(alert.deadlineKind);
  const lateness = formatLateness(alert);
  switch (alert.alertKind) {
    case 'due_soon':
      return `The ${deadline} for ${contact} is ${lateness}.`;
    case 'breached':
      return `The ${deadline} for ${contact} missed its deadline: ${lateness}.`;
    case 'escalated':
      return `Escalation: the ${deadline} for ${contact} is still open, ${lateness}.`;
  }
}

function latenessField(alert: SlaAlert): { label: string; value: string } {
  return alert.lateByMs > 0
    ? { label: 'Late by', value: formatSpan(alert.lateByMs, alert.clock) }
    : { label: 'Time left', value: formatSpan(alert.lateByMs, alert.clock) };
}

export function subjectOf(alert: SlaAlert): string {
  return `${KIND_LABELS[alert.alertKind]}: ${deadlineLabel(alert.deadlineKind)} for ${contactLabel(alert)}`;
}

/** Plain text, for a HubSpot task or a log reader. */
export function buildAlertText(alert: SlaAlert): AlertText {
  const late = latenessField(alert);
  const body = [
    headline(alert, contactLabel(alert)),
    `Contact: ${alert.contactUrl}`,
    `Deadline: ${deadlineLabel(alert.deadlineKind)}`,
    `Due: ${formatDue(alert)}`,
    `${late.label}: ${late.value}`,
    `Owner: ${ownerText(alert.ownerId)}`,
    `Definition version: ${alert.definitionVersion}`,
  ].join('\n');
  return { subject: subjectOf(alert), body };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Block Kit message; every piece of user-supplied text is mrkdwn-escaped. */
export function buildSlackMessage(alert: SlaAlert): SlackMessage {
  const link = `<${escapeMrkdwn(alert.contactUrl)}|${escapeMrkdwn(contactLabel(alert))}>`;
  const late = latenessField(alert);
  const field = (label: string, value: string): SlackTextObject => ({
    type: 'mrkdwn',
    text: `*${label}*\n${value}`,
  });
  const deadline = deadlineLabel(alert.deadlineKind);
  return {
    text: `${KIND_LABELS[alert.alertKind]}: ${deadline} for ${link}, ${formatLateness(alert)}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(subjectOf(alert), HEADER_MAX) },
      },
      { type: 'section', text: { type: 'mrkdwn', text: headline(alert, link) } },
      {
        type: 'section',
        fields: [
          field('Deadline', deadline),
          field('Due', escapeMrkdwn(formatDue(alert))),
          field(late.label, late.value),
          field('Owner', escapeMrkdwn(ownerText(alert.ownerId))),
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Definition version ${escapeMrkdwn(alert.definitionVersion)} · alert ${escapeMrkdwn(alert.id)}`,
          },
        ],
      },
    ],
  };
}
