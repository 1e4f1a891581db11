// The Lead page of Lead Handoff: why this lead is an MQL (each condition with its evidence), the
// handoff and verdict deadlines with their status and time left, what marketing shares with sales,
// the current verdict, and the form that records one. Lightning Data Service only, no Apex: it
// reads the Lead fields the backend writes and saves the verdict to the Lead's verdict fields,
// where the backend's polling picks it up.
import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, getFieldDisplayValue, updateRecord } from 'lightning/uiRecordApi';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import USER_EMAIL from '@salesforce/schema/User.Email';
import LANG from '@salesforce/i18n/lang';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { FIELDS } from './fieldMap';
import { LABELS } from './labels';
import {
  NOTE_MAX_LENGTH,
  VERDICTS,
  errorMessage,
  fill,
  formatInstant,
  liveStatus,
  parseDetails,
  reasonOptions,
  timeLeftText,
  validateVerdict,
} from './leadHandoffView';

const READ_FIELDS = [
  FIELDS.handoffDetails,
  FIELDS.verdict,
  FIELDS.reason,
  FIELDS.note,
  FIELDS.decidedAt,
  FIELDS.decidedBy,
];
// The countdown moves on every minute while the page is open.
const TICK_MS = 60000;

const STATUS_LABEL = {
  not_started: 'slaNotStarted',
  on_track: 'slaOnTrack',
  due_soon: 'slaDueSoon',
  breached: 'slaBreached',
  met: 'slaMet',
};
// SLDS badge themes, as on the HubSpot card's status tags.
const STATUS_THEME = {
  not_started: 'slds-badge',
  on_track: 'slds-badge slds-badge_lightest',
  due_soon: 'slds-badge slds-theme_warning',
  breached: 'slds-badge slds-theme_error',
  met: 'slds-badge slds-theme_success',
};
const VERDICT_LABEL = {
  accepted: 'verdictAccepted',
  rejected: 'verdictRejected',
  recycled: 'verdictRecycled',
};

export default class LeadHandoff extends LightningElement {
  @api recordId;

  record;
  recordError;
  recordTypeId;
  reasonPicklist;
  userEmail = null;
  now = Date.now();
  verdict = '';
  reason = '';
  note = '';
  errors = {};
  saving = false;
  saveError = '';
  timer;

  labels = String(LANG || '')
    .toLowerCase()
    .startsWith('ja')
    ? LABELS.ja
    : LABELS.en;

  @wire(getRecord, { recordId: '$recordId', fields: READ_FIELDS })
  wiredLead({ data, error }) {
    if (data) {
      this.record = data;
      this.recordError = undefined;
      this.recordTypeId = data.recordTypeId;
    } else if (error) {
      this.record = undefined;
      this.recordError = error;
    }
  }

  @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: FIELDS.reason })
  wiredReasons({ data }) {
    if (data) this.reasonPicklist = data;
  }

  @wire(getRecord, { recordId: USER_ID, fields: [USER_EMAIL] })
  wiredUser({ data }) {
    if (data) this.userEmail = getFieldValue(data, USER_EMAIL) ?? null;
  }

  connectedCallback() {
    this.timer = setInterval(() => {
      this.now = Date.now();
    }, TICK_MS);
  }

  disconnectedCallback() {
    clearInterval(this.timer);
  }

  // Page states.

  get loading() {
    return !this.record && !this.recordError;
  }

  get loadErrorMessage() {
    return errorMessage(this.recordError);
  }

  get parsed() {
    return this.record ? parseDetails(getFieldValue(this.record, FIELDS.handoffDetails)) : { state: 'empty' };
  }

  get details() {
    return this.parsed.state === 'ok' ? this.parsed.details : null;
  }

  get notTracked() {
    return this.parsed.state === 'empty' || this.parsed.state === 'invalid';
  }

  get unknownFormatMessage() {
    return this.parsed.state === 'unknown_format' ? fill(this.labels.unknownFormat, this.parsed.format) : '';
  }

  // Header: MQL or not, definition, qualified at.

  get isMql() {
    return this.details !== null && this.details.status === 'mql';
  }

  get mqlBadge() {
    return this.isMql ? this.labels.statusMql : this.labels.statusNotMql;
  }

  get mqlBadgeClass() {
    return this.isMql ? 'slds-badge slds-theme_success' : 'slds-badge';
  }

  get definitionText() {
    return this.details && this.details.definitionVersion
      ? fill(this.labels.definitionVersion, this.details.definitionVersion)
      : '';
  }

  get qualifiedText() {
    return this.details && this.details.qualifiedAt
      ? fill(this.labels.qualifiedAt, this.instant(this.details.qualifiedAt))
      : '';
  }

  get writtenText() {
    return this.details && this.details.writtenAt
      ? fill(this.labels.writtenAt, this.instant(this.details.writtenAt))
      : '';
  }

  get truncated() {
    return this.details !== null && this.details.truncated;
  }

  // Grounds.

  get grounds() {
    if (!this.details) return [];
    return this.details.grounds.map((g, index) => ({
      key: `${g.conditionId || 'ground'}-${index}`,
      label: g.label || g.conditionId,
      met: g.met === true,
      resultText: g.met === true ? this.labels.met : this.labels.unmet,
      resultClass: g.met === true ? 'lh-result lh-result_met' : 'lh-result lh-result_unmet',
      valueText: g.value === null || g.value === undefined ? this.labels.noValue : String(g.value),
      property: g.property || '',
      evidenceText: g.evidenceAt ? formatInstant(g.evidenceAt, LOCALE, TIME_ZONE, false) : '—',
    }));
  }

  // Deadlines.

  get deadlines() {
    if (!this.details) return [];
    return [
      ['handoff', this.labels.handoffDue, this.details.handoff],
      ['verdict', this.labels.verdictDue, this.details.verdictDue],
    ].map(([key, label, deadline]) => {
      const status = liveStatus(deadline, this.now);
      const left = timeLeftText(deadline, status, this.now, this.labels);
      return {
        key,
        dataId: `deadline-${key}`,
        label,
        status,
        statusText: this.labels[STATUS_LABEL[status]] || status,
        statusClass: STATUS_THEME[status] || 'slds-badge',
        dueText: deadline.dueAt ? fill(this.labels.dueAt, this.instant(deadline.dueAt)) : '',
        metText: deadline.metAt ? fill(this.labels.metAt, this.instant(deadline.metAt)) : '',
        leftText: left || '',
        leftClass: status === 'breached' ? 'lh-left lh-left_overdue' : 'lh-left',
      };
    });
  }

  // Shared information.

  get shared() {
    if (!this.details) return [];
    return Object.keys(this.details.shared).map((key) => {
      const labelKey = `shared${key.charAt(0).toUpperCase()}${key.slice(1)}`;
      const value = this.details.shared[key];
      return {
        key,
        label: this.labels[labelKey] || key,
        value: value === null || value === undefined || value === '' ? '—' : String(value),
      };
    });
  }

  get hasShared() {
    return this.shared.length > 0;
  }

  // Current verdict.

  get currentVerdict() {
    const verdict = this.record ? getFieldValue(this.record, FIELDS.verdict) : null;
    if (!verdict) return null;
    const reason = getFieldValue(this.record, FIELDS.reason);
    const decidedAt = getFieldValue(this.record, FIELDS.decidedAt);
    const decidedBy = getFieldValue(this.record, FIELDS.decidedBy);
    return {
      verdictText: this.labels[VERDICT_LABEL[verdict]] || verdict,
      verdictClass:
        verdict === 'accepted' ? 'slds-badge slds-theme_success' : 'slds-badge slds-badge_inverse',
      reasonText: getFieldDisplayValue(this.record, FIELDS.reason) || reason || '—',
      note: getFieldValue(this.record, FIELDS.note) || '',
      decidedText: decidedAt ? fill(this.labels.decided, this.instant(decidedAt), decidedBy || '—') : '',
    };
  }

  // The verdict form.

  get verdictOptions() {
    return VERDICTS.map((v) => ({ label: this.labels[VERDICT_LABEL[v]], value: v }));
  }

  get reasonOptionsForVerdict() {
    return reasonOptions(this.reasonPicklist, this.verdict);
  }

  get reasonDisabled() {
    return this.verdict === '' || this.saving;
  }

  get reasonPlaceholder() {
    return this.verdict === '' ? this.labels.chooseVerdictFirst : this.labels.chooseReason;
  }

  get noteCounter() {
    return fill(this.labels.noteCounter, this.note.length, NOTE_MAX_LENGTH);
  }

  get noteCounterClass() {
    return this.note.length > NOTE_MAX_LENGTH ? 'lh-counter lh-counter_over' : 'lh-counter';
  }

  get submitLabel() {
    return this.saving ? this.labels.saving : this.labels.submit;
  }

  get verdictError() {
    return this.errors.verdict || '';
  }

  get reasonError() {
    return this.errors.reason || '';
  }

  get noteError() {
    return this.errors.note || '';
  }

  get verdictFieldClass() {
    return this.errors.verdict ? 'slds-form-element slds-has-error' : 'slds-form-element';
  }

  get reasonFieldClass() {
    return this.errors.reason ? 'slds-form-element slds-has-error' : 'slds-form-element';
  }

  get noteFieldClass() {
    return this.errors.note ? 'slds-form-element slds-has-error' : 'slds-form-element';
  }

  handleVerdictChange(event) {
    this.verdict = event.detail.value;
    // A reason belongs to one verdict: keep it only if it still fits the new choice.
    if (!reasonOptions(this.reasonPicklist, this.verdict).some((r) => r.value === this.reason)) {
      this.reason = '';
    }
    this.errors = { ...this.errors, verdict: undefined };
  }

  handleReasonChange(event) {
    this.reason = event.detail.value;
    this.errors = { ...this.errors, reason: undefined };
  }

  handleNoteChange(event) {
    this.note = event.detail.value || '';
    this.errors = { ...this.errors, note: undefined };
  }

  async handleSubmit() {
    if (this.saving) return;
    const form = { verdict: this.verdict, reason: this.reason, note: this.note };
    const errors = validateVerdict(form, this.reasonPicklist, this.labels);
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    const note = this.note.trim();
    const fields = {
      Id: this.recordId,
      [FIELDS.verdict.fieldApiName]: this.verdict,
      [FIELDS.reason.fieldApiName]: this.reason,
      // An empty note clears the previous verdict's note.
      [FIELDS.note.fieldApiName]: note === '' ? null : note,
      // Shown at once on this page; the backend dates the verdict by the Lead's LastModifiedDate.
      [FIELDS.decidedAt.fieldApiName]: new Date().toISOString(),
      [FIELDS.decidedBy.fieldApiName]: this.userEmail,
    };
    this.saving = true;
    this.saveError = '';
    try {
      await updateRecord({ fields });
      this.dispatchEvent(
        new ShowToastEvent({
          title: this.labels.savedTitle,
          message: this.labels.savedBody,
          variant: 'success',
        }),
      );
      this.verdict = '';
      this.reason = '';
      this.note = '';
    } catch (error) {
      this.saveError = errorMessage(error);
      this.dispatchEvent(
        new ShowToastEvent({ title: this.labels.saveFailedTitle, message: this.saveError, variant: 'error' }),
      );
    } finally {
      this.saving = false;
    }
  }

  instant(iso) {
    return formatInstant(iso, LOCALE, TIME_ZONE, true);
  }
}
