import type { WindowReport } from '../src/services/backfill-window.ts';

/** What `npm run backfill` prints at the end, wherever the window ran. */
export function describeBackfill(report: WindowReport, seconds: number): string {
  return [
    report.complete ? 'Backfill complete.' : 'Backfill stopped early; run the same command again to resume.',
    `  contacts loaded:   ${report.contacts}${report.resumed ? ' (earlier runs included)' : ''}`,
    `  meeting the MQL definition now (this run): ${report.mql}`,
    `  newly qualified (this run):                ${report.qualified}`,
    `  HubSpot calls:     ${report.searchCalls} searches, ${report.readCalls} batch reads, ${report.windows} windows`,
    `  unreachable:       ${report.unreachable}`,
    `  time:              ${seconds.toFixed(1)} s`,
    'Qualification properties are written back to HubSpot by the running server (write-back outbox).',
  ].join('\n');
}
