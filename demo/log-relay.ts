// Which backend log lines the demo echoes to its terminal, in words: SLA alerts (the log channel's
// "SLA alert" lines) and anything at error level. Everything else stays in the log file.

function local(iso: unknown, timeZone: string): string {
  if (typeof iso !== 'string') return '?';
  return new Intl.DateTimeFormat('ja-JP', { dateStyle: 'short', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

function hours(ms: unknown): string {
  return typeof ms === 'number' ? `${(Math.abs(ms) / 3_600_000).toFixed(1)} h` : '?';
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function describeLogLine(entry: Record<string, unknown>, timeZone: string): string | null {
  const level = typeof entry['level'] === 'number' ? entry['level'] : 30;
  const message = typeof entry['msg'] === 'string' ? entry['msg'] : '';
  const alert = entry['alert'] as Record<string, unknown> | undefined;
  if (message === 'SLA alert' && alert) {
    const late =
      typeof alert['lateByMs'] === 'number' && alert['lateByMs'] > 0
        ? `, ${hours(alert['lateByMs'])} late`
        : '';
    return `SLA alert (${text(alert['alertKind'])}): ${text(alert['deadlineKind'])} deadline of ${text(alert['contactName'])} #${text(entry['contactId'])} due ${local(alert['dueAt'], timeZone)}${late}`;
  }
  if (level >= 50) return `backend error: ${message}`;
  return null;
}
