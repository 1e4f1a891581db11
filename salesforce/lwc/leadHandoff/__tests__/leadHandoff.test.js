// The Lead page in English, in the jest default time zone (America/Los_Angeles), in every state it
// can show, and the verdict form end to end up to Lightning Data Service's updateRecord.
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  $,
  $$,
  choose,
  combobox,
  emitLead,
  fixtures,
  flush,
  groundRow,
  mount,
  submit,
  text,
  typeNote,
  unmountAll,
} from './mount';

afterEach(unmountAll);

const FIELD = {
  verdict: 'SQL_Verdict__c',
  reason: 'SQL_Verdict_Reason__c',
  note: 'SQL_Verdict_Note__c',
  decidedAt: 'SQL_Verdict_At__c',
  decidedBy: 'SQL_Verdict_By__c',
};

function deadline(element, key) {
  const row = $(element, `deadline-${key}`);
  return {
    status: row.querySelector('[data-id="status"]').dataset.status,
    statusText: text(row.querySelector('[data-id="status"]')),
    due: text(row.querySelector('[data-id="due"]')),
    met: text(row.querySelector('[data-id="met"]')),
    left: text(row.querySelector('[data-id="left"]')),
    leftClass: row.querySelector('[data-id="left"]').className,
  };
}

describe('c-lead-handoff states', () => {
  it('says it is loading until Lightning Data Service delivers the Lead', async () => {
    const element = await mount('onTrack', { deliver: false });
    expect(text($(element, 'loading'))).toBe('Loading…');
    expect($(element, 'verdict-form')).toBeNull();
  });

  it('explains a Lead it cannot read and how to get access', async () => {
    const element = await mount('onTrack', { deliver: false });
    getRecord.error(
      { message: "No such column 'MQL_Handoff_Details__c' on entity 'Lead'." },
      400,
      'Bad Request',
    );
    await flush();
    const error = text($(element, 'load-error'));
    expect(error).toContain('Could not read the lead handoff fields.');
    expect(error).toContain("No such column 'MQL_Handoff_Details__c'");
    expect(error).toContain('Lead Handoff permission set');
  });

  it('shows a lead the backend has not written yet as not tracked, with the verdict form', async () => {
    const element = await mount('notTracked');
    expect(text($(element, 'not-tracked'))).toContain('Not tracked yet');
    expect($(element, 'grounds')).toBeNull();
    expect(text($(element, 'no-verdict'))).toBe('No verdict recorded yet.');
    expect($(element, 'verdict-form')).not.toBeNull();
  });

  it('shows a lead that is not an MQL with every condition and no running deadline', async () => {
    const element = await mount('notMql');
    expect(text($(element, 'mql-status'))).toBe('Not an MQL');
    expect($(element, 'mql-status').className).toBe('slds-badge');
    expect(text($(element, 'qualified-at'))).toBe('');
    const rows = $$(element, 'ground');
    expect(rows).toHaveLength(7);
    expect(groundRow(rows[0])).toEqual(['ターゲット業種', 'Not met', 'RETAIL', 'industry', 'Nov 4, 2026']);
    expect(groundRow(rows[6])).toEqual([
      'リードスコア60以上',
      'Not met',
      '35',
      'hubspotscore',
      'Nov 11, 2026',
    ]);
    expect(groundRow(rows[4])).toEqual(['セミナー参加', 'Not met', '(no value)', 'seminar_attended_at', '—']);
    for (const key of ['handoff', 'verdict']) {
      expect(deadline(element, key)).toMatchObject({
        status: 'not_started',
        statusText: 'Not started',
        due: '',
        left: '',
      });
    }
    expect(text($(element, 'challenge'))).toBe('—');
  });

  it('shows an MQL with its grounds, evidence dates and the handoff on track', async () => {
    const element = await mount('onTrack');
    expect(text($(element, 'mql-status'))).toBe('MQL');
    expect(text($(element, 'definition'))).toBe('Definition 2026-11');
    // 2026-11-20T01:02:03Z in Los Angeles.
    expect(text($(element, 'qualified-at'))).toBe('Qualified Nov 19, 2026, 5:02 PM');
    const rows = $$(element, 'ground');
    expect(rows.map((r) => r.dataset.met === 'true')).toEqual([true, true, true, true, false, false, true]);
    expect(groundRow(rows[0])).toEqual([
      'ターゲット業種',
      'Met',
      'COMPUTER_SOFTWARE',
      'industry',
      'Nov 1, 2026',
    ]);
    expect(groundRow(rows[6])).toEqual(['リードスコア60以上', 'Met', '72', 'hubspotscore', 'Nov 19, 2026']);
    // Due Tuesday 10:02 JST: Monday 2026-11-23 is a Japanese holiday, skipped by the business clock.
    expect(deadline(element, 'handoff')).toMatchObject({
      status: 'on_track',
      statusText: 'On track',
      due: 'Due Nov 23, 2026, 5:02 PM',
      left: '3 d 23 h left',
    });
    expect(deadline(element, 'verdict')).toMatchObject({ status: 'not_started', left: '' });
    expect(text($(element, 'industry'))).toBe('COMPUTER_SOFTWARE');
    expect(text($(element, 'challenge'))).toBe('営業とマーケの連携が属人的');
    expect(text($(element, 'productInterest'))).toBe('Lead Handoff Enterprise');
    expect(text($(element, 'shared'))).toContain('Product interest');
    expect(text($(element, 'written-at'))).toBe('Updated by Lead Handoff Nov 19, 2026, 5:03 PM');
  });

  it('tells due soon from the warning time although the field still says on track', async () => {
    const element = await mount('dueSoon');
    const details = JSON.parse(fixtures.scenarios.dueSoon.record.fields.MQL_Handoff_Details__c.value);
    expect(details.handoff.status).toBe('on_track');
    expect(deadline(element, 'handoff')).toMatchObject({
      status: 'due_soon',
      statusText: 'Due soon',
      left: '1 h 20 min left',
    });
    expect($(element, 'deadline-handoff').querySelector('[data-id="status"]').className).toContain(
      'slds-theme_warning',
    );
  });

  it('shows a breached handoff and how late it is', async () => {
    const element = await mount('breached');
    const handoff = deadline(element, 'handoff');
    expect(handoff).toMatchObject({ status: 'breached', statusText: 'Breached', left: '0 h 58 min overdue' });
    expect(handoff.leftClass).toContain('lh-left_overdue');
  });

  it('moves the countdown and the status on while the page stays open', async () => {
    const warnAt = new Date(fixtures.handoff.warnAt).getTime();
    const element = await mount('onTrack', { now: new Date(warnAt - 90_000).toISOString() });
    expect(deadline(element, 'handoff').status).toBe('on_track');
    jest.advanceTimersByTime(120_000);
    await flush();
    expect(deadline(element, 'handoff').status).toBe('due_soon');
  });

  it('shows the recorded verdict and both deadlines met', async () => {
    const element = await mount('verdictRecorded');
    expect(text($(element, 'verdict'))).toBe('Accepted (SQL)');
    expect(text($(element, 'reason'))).toBe('Reason: 予算・ニーズ確認済み');
    expect(text($(element, 'note'))).toBe('予算は来期に確保済み。12月に導入判断。');
    expect(text($(element, 'decided'))).toBe('Decided Nov 23, 2026, 5:00 PM by sato@example.co.jp');
    expect(deadline(element, 'handoff')).toMatchObject({
      status: 'met',
      statusText: 'Met',
      met: 'Met Nov 19, 2026, 10:00 PM',
      left: '',
    });
    expect(deadline(element, 'verdict')).toMatchObject({ status: 'met', left: '' });
    expect(deadline(element, 'verdict').due).toBe('Due Nov 24, 2026, 10:00 PM');
  });

  it('refuses a details document in a format it does not know', async () => {
    const element = await mount('onTrack', { deliver: false });
    const record = JSON.parse(JSON.stringify(fixtures.scenarios.onTrack.record));
    record.fields.MQL_Handoff_Details__c.value = JSON.stringify({ format: 2, mql: { grounds: [] } });
    emitLead(record);
    await flush();
    expect(text($(element, 'unknown-format'))).toContain('(2)');
    expect($(element, 'grounds')).toBeNull();
  });
});

describe('c-lead-handoff verdict form', () => {
  const reasonValues = (element) => combobox(element, 'reason').options.map((o) => o.value);

  it('offers the three verdicts and no reason before a verdict is chosen', async () => {
    const element = await mount('onTrack');
    expect(combobox(element, 'verdict').options).toEqual([
      { label: 'Accepted (SQL)', value: 'accepted' },
      { label: 'Rejected', value: 'rejected' },
      { label: 'Recycled to nurturing', value: 'recycled' },
    ]);
    expect(combobox(element, 'reason').disabled).toBe(true);
    expect(combobox(element, 'reason').placeholder).toBe('Choose a verdict first');
    expect(reasonValues(element)).toEqual([]);
  });

  it("filters the reasons by the verdict, from the reason field's dependent picklist", async () => {
    const element = await mount('onTrack');
    await choose(element, 'verdict', 'rejected');
    expect(combobox(element, 'reason').disabled).toBe(false);
    expect(combobox(element, 'reason').options).toEqual([
      { label: '予算なし', value: 'no-budget' },
      { label: '決裁権なし', value: 'not-decision-maker' },
      { label: '企業規模が対象外', value: 'wrong-company-size' },
      { label: '連絡がつかない', value: 'unreachable' },
    ]);
    await choose(element, 'verdict', 'accepted');
    expect(reasonValues(element)).toEqual(['budget-confirmed']);
    await choose(element, 'verdict', 'recycled');
    expect(reasonValues(element)).toEqual(['bad-timing']);
  });

  it('drops a chosen reason that does not belong to the new verdict', async () => {
    const element = await mount('onTrack');
    await choose(element, 'verdict', 'rejected');
    await choose(element, 'reason', 'no-budget');
    expect(combobox(element, 'reason').value).toBe('no-budget');
    await choose(element, 'verdict', 'recycled');
    expect(combobox(element, 'reason').value).toBe('');
  });

  it('requires a verdict and a reason, and saves nothing without them', async () => {
    const element = await mount('onTrack');
    await submit(element);
    expect(text($(element, 'verdict-error'))).toBe('Choose a verdict.');
    expect(text($(element, 'reason-error'))).toBe('Choose a reason for this verdict.');
    await choose(element, 'verdict', 'accepted');
    await submit(element);
    expect(text($(element, 'verdict-error'))).toBe('');
    expect(text($(element, 'reason-error'))).toBe('Choose a reason for this verdict.');
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('refuses a note over 2,000 characters and counts as the rep types', async () => {
    const element = await mount('onTrack');
    await choose(element, 'verdict', 'rejected');
    await choose(element, 'reason', 'unreachable');
    await typeNote(element, 'あ'.repeat(2001));
    expect(text($(element, 'note-counter'))).toBe('2001 / 2000');
    expect($(element, 'note-counter').className).toContain('lh-counter_over');
    await submit(element);
    expect(text($(element, 'note-error'))).toBe('The note has 2001 characters; at most 2000 fit.');
    expect(updateRecord).not.toHaveBeenCalled();
    await typeNote(element, 'あ'.repeat(2000));
    await submit(element);
    expect(updateRecord).toHaveBeenCalledTimes(1);
  });

  it('saves the verdict to the Lead fields with updateRecord, then confirms and clears the form', async () => {
    const element = await mount('onTrack');
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    await choose(element, 'verdict', 'rejected');
    await choose(element, 'reason', 'no-budget');
    await typeNote(element, '  来期に再検討  ');
    await submit(element);
    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord.mock.calls[0][0]).toEqual({
      fields: {
        Id: fixtures.leadId,
        [FIELD.verdict]: 'rejected',
        [FIELD.reason]: 'no-budget',
        [FIELD.note]: '来期に再検討',
        [FIELD.decidedAt]: fixtures.scenarios.onTrack.now,
        [FIELD.decidedBy]: 'sato@example.co.jp',
      },
    });
    expect(toasts).toEqual([
      {
        title: 'Verdict recorded',
        message: 'Saved on this lead; Lead Handoff takes it to HubSpot on its next sync.',
        variant: 'success',
      },
    ]);
    expect(combobox(element, 'verdict').value).toBe('');
    expect(combobox(element, 'reason').value).toBe('');
    expect(text($(element, 'note-counter'))).toBe('0 / 2000');
  });

  it('clears the previous note when the rep gives none', async () => {
    const element = await mount('verdictRecorded');
    await choose(element, 'verdict', 'recycled');
    await choose(element, 'reason', 'bad-timing');
    await submit(element);
    expect(updateRecord.mock.calls[0][0].fields[FIELD.note]).toBeNull();
  });

  it('shows why Salesforce refused the save and keeps what the rep entered', async () => {
    const element = await mount('onTrack');
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    // The UI API's error body for a validation rule (errorCode FIELD_CUSTOM_VALIDATION_EXCEPTION).
    updateRecord.mockRejectedValueOnce({
      status: 400,
      body: {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: {
          errors: [
            {
              errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              message: 'Converted leads cannot get a verdict here.',
            },
          ],
          fieldErrors: {},
        },
      },
    });
    await choose(element, 'verdict', 'accepted');
    await choose(element, 'reason', 'budget-confirmed');
    await submit(element);
    expect(text($(element, 'save-error'))).toBe(
      'Verdict not saved: Converted leads cannot get a verdict here.',
    );
    expect(toasts.map((t) => t.variant)).toEqual(['error']);
    expect(combobox(element, 'verdict').value).toBe('accepted');
    expect(combobox(element, 'reason').value).toBe('budget-confirmed');
  });

  it('shows the new verdict once Lightning Data Service delivers the saved Lead', async () => {
    const element = await mount('onTrack');
    expect(text($(element, 'no-verdict'))).toBe('No verdict recorded yet.');
    emitLead(fixtures.scenarios.verdictRecorded.record);
    await flush();
    expect(text($(element, 'verdict'))).toBe('Accepted (SQL)');
  });
});
