import type { FailureFacts, PagesLabels } from './labels.ts';

// HubSpot's Original Source values (hs_analytics_source, the default channel property). Another
// channel property's values are shown as they are.
const CHANNELS: Record<string, string> = {
  ORGANIC_SEARCH: 'Organic search',
  PAID_SEARCH: 'Paid search',
  EMAIL_MARKETING: 'Email marketing',
  SOCIAL_MEDIA: 'Organic social',
  PAID_SOCIAL: 'Paid social',
  REFERRALS: 'Referrals',
  OTHER_CAMPAIGNS: 'Other campaigns',
  DIRECT_TRAFFIC: 'Direct traffic',
  OFFLINE: 'Offline sources',
};

const ERRORS: Record<string, string> = {
  invalid_signature:
    "The backend refused HubSpot's signature: its HUBSPOT_CLIENT_SECRET is not this app's, or its PUBLIC_BASE_URL differs from the profile's BACKEND_URL.",
  wrong_portal: 'The backend serves another HubSpot account (its HUBSPOT_PORTAL_ID is not this one).',
  invalid_request: 'The backend refused the filters of this view.',
  not_found: 'The backend has nothing for this request.',
  route_not_found: 'The backend does not have this view yet: update it to a version with the marketer views.',
  internal: 'The backend failed while building this view; the failure is in its log.',
  network_error: "The backend could not be reached (it is down, or HubSpot's 15-second limit ran out).",
  invalid_response:
    "The backend's answer is not what this page reads (not JSON, or another version's shape).",
  rate_limited: 'Too many requests at once; wait a moment and retry.',
};

function errorWords({ code, status }: FailureFacts): string {
  if (code === 'not_configured') {
    if (status === 0)
      return "This app's HubSpot profile has no BACKEND_URL, so the pages cannot reach the backend.";
    if (status === 503)
      return 'The backend has no HUBSPOT_CLIENT_SECRET, so it refuses every request from HubSpot.';
    return 'This view is not configured on the backend.';
  }
  const known = ERRORS[code];
  if (known !== undefined) return known;
  return status >= 500 ? `The backend failed (HTTP ${status}).` : `The backend answered HTTP ${status}.`;
}

export const EN: PagesLabels = {
  appName: 'Lead Handoff',
  pages: { funnel: 'Funnel', feedback: 'Sales feedback', sla: 'SLA compliance', kpiTree: 'KPI tree' },
  pageNotFoundTitle: 'No such page',
  pageNotFoundBody: 'Lead Handoff has no page at this address.',
  backToFunnel: 'Open the funnel',
  loading: 'Loading',
  retry: 'Retry',
  errorTitle: 'Could not load this view',
  errorWords,
  errorDetail: ({ code, message }) => `${code}: ${message}`,
  window: {
    preset: 'Period',
    presets: {
      thisQuarter: 'This quarter',
      lastQuarter: 'Last quarter',
      last12Months: 'Last 12 months',
      custom: 'Custom dates',
    },
    from: 'From',
    to: 'To',
    toBeforeFrom: 'The end date is before the start date.',
    range: (from, to) => `${from} – ${to}`,
  },
  stages: { lead: 'Lead', mql: 'MQL', sql: 'SQL', opportunity: 'Opportunity', won: 'Won' },
  groupAll: 'All contacts',
  groupNone: '(not set)',
  channelName: (key) => CHANNELS[key] ?? key,
  number: 'Count',
  total: 'Total',
  funnel: {
    mode: 'Count by',
    modes: { cohort: 'Cohort', period: 'Period' },
    modeSentence: {
      cohort: (from, to) =>
        `Cohort: the contacts who became leads from ${from} to ${to}, and how far each of them has got since.`,
      period: (from, to) =>
        `Period: what happened from ${from} to ${to}, stage by stage: each stage counts the contacts that reached it in that window.`,
    },
    groupBy: 'Group by',
    groupBys: {
      none: 'No grouping',
      channel: 'Channel',
      month: 'Month',
      definitionVersion: 'Definition version',
    },
    showGroup: 'Show',
    allGroups: 'All groups',
    chartTitle: 'Contacts per stage',
    stageAxis: 'Stage',
    countAxis: 'Contacts',
    group: 'Group',
    conversion: 'Conversion from the stage before',
    emptyTitle: 'No contacts in this window',
    emptyBody: 'No contact reached any stage in these dates. Choose a longer period.',
  },
  verdicts: { accepted: 'Accepted (SQL)', rejected: 'Rejected', recycled: 'Recycled to nurturing' },
  feedback: {
    totalsTitle: 'Verdicts',
    rejectionRate: 'Rejection rate',
    byReasonTitle: 'Reasons',
    reason: 'Reason',
    verdict: 'Verdict',
    count: 'Verdicts',
    byConditionTitle: 'Rejections per MQL condition',
    byConditionSentence:
      'A rejection counts against each condition its reason disputes; the share is of all rejections in the window.',
    condition: 'Condition',
    rejections: 'Rejections',
    shareOfRejections: 'Share of rejections',
    byChannelTitle: 'Verdicts per channel',
    channel: 'Channel',
    notesTitle: "Reps' notes",
    noNotes: 'No verdict in this window has a note.',
    decidedAt: 'Decided',
    decidedBy: 'By',
    contact: 'Contact',
    note: 'Note',
    emptyTitle: 'No verdicts in this window',
    emptyBody: 'Sales recorded no verdict in these dates. Choose a longer period.',
  },
  sla: {
    deadlines: { handoff: 'Handoff to sales', verdict: 'Sales verdict' },
    outcomes: { metOnTime: 'On time', metLate: 'Late', open: 'Open', breachedOpen: 'Breached' },
    outcomeSentence:
      'Deadlines due in the window. On time: met by the deadline; late: met after it; open: not met, still ahead; breached: not met and past. On-time rate: on time out of those no longer open.',
    due: 'Due',
    onTimeRate: 'On-time rate',
    byOwnerTitle: 'Per owner',
    owner: 'Owner',
    noOwner: 'No owner',
    deadline: 'Deadline',
    lateByTitle: 'How late',
    lateBySentence:
      'Late and breached deadlines by how late they were (still are, if open), in hours on the deadline clock.',
    lateByAxis: 'Late by',
    lateByBucket: (from, upTo) => {
      if (upTo === null) return `over ${from ?? 0} h`;
      if (from === null) return `up to ${upTo} h`;
      return `${from}–${upTo} h`;
    },
    emptyTitle: 'No deadlines in this window',
    emptyBody: 'No handoff or verdict deadline was due in these dates. Choose a longer period.',
  },
  kpi: {
    periodKind: 'Target per',
    periodKinds: { month: 'Month', quarter: 'Quarter', year: 'Year' },
    period: 'Period',
    quarterName: (year, quarter) => `Q${quarter} ${year}`,
    yearName: (year) => year,
    kgiTitle: 'Revenue (KGI)',
    revenueTarget: 'Target',
    revenueActual: 'Actual',
    attainment: 'Attained',
    revenueSource: {
      estimate: 'Actual estimated: won deals × average deal size.',
      amounts: 'Actual: the sum of the won Salesforce opportunities.',
    },
    stagesTitle: 'What each stage needs',
    stagesSentence:
      'Worked back from the target: won = target ÷ average deal size, then each stage below = the requirement above ÷ its conversion rate, rounded up.',
    stage: 'Stage',
    required: 'Required',
    actual: 'Actual',
    gap: 'Gap',
    rateUsed: 'Rate used',
    short: (count) => `${count} short`,
    onTarget: 'On target',
    ahead: (count) => `${count} ahead`,
    rate: (rate, toStage, source) => `${rate} to ${toStage} (${source})`,
    rateSources: { fixed: 'fixed', trailing: 'trailing, from recent cohorts' },
    trailingDays: (days) => `trailing, from the cohorts of the last ${days} days`,
    trailingWindow: (range, days) =>
      `Trailing rates are the conversion of the leads created ${range} (the last ${days} days), counted as a cohort.`,
    notComputable: 'Cannot be worked back: a trailing rate above it converted nobody.',
    noActivity: 'Nothing has happened in this period yet: every actual is zero.',
    wrongPeriodHint: 'The revenue target is set for one kind of period: choose it under "Target per".',
    notConfiguredTitle: 'No KPI target yet',
    notConfiguredBody:
      'The KPI tree works back from a revenue target. Add a kpi section to the definitions file (config/definitions.yaml), for example:',
    notConfiguredAfter:
      'Each rate is a fraction between 0 and 1, or trailing (measured on recent cohorts). Restart the backend to load it.',
  },
};
