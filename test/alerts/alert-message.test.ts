import { describe, expect, it } from 'vitest';
import {
  buildAlertText,
  buildSlackMessage,
  contactRecordUrl,
  escapeMrkdwn,
  formatDue,
  formatLateness,
  formatSpan,
} from '../../src/alerts/alert-message.ts';
import type { SlackBlock, SlackTextObject } from '../../src/alerts/alert-message.ts';
import { slaAlert } from './sla-alert-fixture.ts';

// Only mrkdwn is parsed by Slack; plain_text (the header) shows `<` and `&` as typed.
function mrkdwnTexts(blocks: readonly SlackBlock[]): string {
  const texts = blocks.flatMap((block): readonly (SlackTextObject | undefined)[] => {
    switch (block.type) {
      case 'header':
        return [];
      case 'section':
        return [block.text, ...(block.fields ?? [])];
      case 'context':
        return block.elements;
    }
  });
  return texts
    .filter((t) => t?.type === 'mrkdwn')
    .map((t) => t?.text ?? '')
    .join('\n');
}

describe('contactRecordUrl', () => {
  it('links the contact record in the portal', () => {
    expect(contactRecordUrl('62515', '123')).toBe('https://app.hubspot.com/contacts/62515/record/0-1/123');
  });
});

describe('formatSpan and formatLateness', () => {
  it('says business hours on the business clock, with one decimal', () => {
    expect(formatLateness({ lateByMs: 2.5 * 3_600_000, clock: 'business' })).toBe('2.5 business hours late');
  });

  it('says plain hours on the calendar clock', () => {
    expect(formatLateness({ lateByMs: 26 * 3_600_000, clock: 'calendar' })).toBe('26 hours late');
  });

  it('counts time left before the deadline for a warning', () => {
    expect(formatLateness({ lateByMs: -2 * 3_600_000, clock: 'business' })).toBe('due in 2 business hours');
  });

  it('uses minutes under an hour and the singular for one', () => {
    expect(formatSpan(45 * 60_000, 'business')).toBe('45 business minutes');
    expect(formatSpan(60_000, 'calendar')).toBe('1 minute');
    expect(formatSpan(3_600_000, 'business')).toBe('1 business hour');
    expect(formatSpan(59.7 * 60_000, 'calendar')).toBe('1 hour');
  });

  it('does not claim zero minutes for a deadline that just passed', () => {
    expect(formatLateness({ lateByMs: 10_000, clock: 'business' })).toBe('less than a business minute late');
  });
});

describe('formatDue', () => {
  it('shows the due time in the definitions time zone and as an ISO instant', () => {
    expect(formatDue({ dueAt: new Date('2026-11-20T01:00:00.000Z'), timezone: 'Asia/Tokyo' })).toBe(
      '2026-11-20 Fri 10:00 (Asia/Tokyo), 2026-11-20T01:00:00.000Z',
    );
  });

  it('falls back to the ISO instant for a zone the runtime does not know', () => {
    expect(formatDue({ dueAt: new Date('2026-11-20T01:00:00.000Z'), timezone: 'Mars/Olympus' })).toBe(
      '2026-11-20T01:00:00.000Z',
    );
  });
});

describe('buildAlertText', () => {
  it('names the contact, the link, the deadline, when it was due, how late and the version', () => {
    const { subject, body } = buildAlertText(slaAlert());
    expect(subject).toBe('SLA breached: hand-off to sales for 山田 太郎 (contact 123)');
    expect(body).toBe(
      [
        'The hand-off to sales for 山田 太郎 (contact 123) missed its deadline: 2.5 business hours late.',
        'Contact: https://app.hubspot.com/contacts/62515/record/0-1/123',
        'Deadline: hand-off to sales',
        'Due: 2026-11-20 Fri 10:00 (Asia/Tokyo), 2026-11-20T01:00:00.000Z',
        'Late by: 2.5 business hours',
        'Owner: HubSpot owner 77',
        'Definition version: 2026-11',
      ].join('\n'),
    );
  });

  it('names the contact by id when it has no name', () => {
    const { subject } = buildAlertText(slaAlert({ contactName: null }));
    expect(subject).toBe('SLA breached: hand-off to sales for contact 123');
  });

  it('words a warning before the sales verdict deadline with the time left', () => {
    const { subject, body } = buildAlertText(
      slaAlert({ alertKind: 'due_soon', deadlineKind: 'verdict', lateByMs: -90 * 60_000, ownerId: null }),
    );
    expect(subject).toBe('SLA due soon: sales verdict for 山田 太郎 (contact 123)');
    expect(body).toContain('The sales verdict for 山田 太郎 (contact 123) is due in 1.5 business hours.');
    expect(body).toContain('Time left: 1.5 business hours');
    expect(body).toContain('Owner: no owner assigned');
  });

  it('words an escalation as still open', () => {
    const { subject, body } = buildAlertText(
      slaAlert({ alertKind: 'escalated', lateByMs: 9 * 3_600_000, clock: 'calendar' }),
    );
    expect(subject).toBe('SLA escalation: hand-off to sales for 山田 太郎 (contact 123)');
    expect(body).toContain('is still open, 9 hours late.');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes the three characters Slack treats as control characters and nothing else', () => {
    expect(escapeMrkdwn('A&B <@U123> *bold* 株式会社')).toBe('A&amp;B &lt;@U123&gt; *bold* 株式会社');
  });
});

describe('buildSlackMessage', () => {
  it('links the contact by name and lists deadline, due, lateness and owner as fields', () => {
    const message = buildSlackMessage(slaAlert());
    expect(message.text).toBe(
      'SLA breached: hand-off to sales for <https://app.hubspot.com/contacts/62515/record/0-1/123|山田 太郎 (contact 123)>, 2.5 business hours late',
    );
    expect(message.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'SLA breached: hand-off to sales for 山田 太郎 (contact 123)' },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'The hand-off to sales for <https://app.hubspot.com/contacts/62515/record/0-1/123|山田 太郎 (contact 123)> missed its deadline: 2.5 business hours late.',
        },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Deadline*\nhand-off to sales' },
          { type: 'mrkdwn', text: '*Due*\n2026-11-20 Fri 10:00 (Asia/Tokyo), 2026-11-20T01:00:00.000Z' },
          { type: 'mrkdwn', text: '*Late by*\n2.5 business hours' },
          { type: 'mrkdwn', text: '*Owner*\nHubSpot owner 77' },
        ],
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'Definition version 2026-11 · alert sla:62515:123:handoff:breached' },
        ],
      },
    ]);
  });

  it('escapes a contact name that would otherwise break the link or ping someone', () => {
    const message = buildSlackMessage(slaAlert({ contactName: 'R&D <!channel> 部長' }));
    const text = mrkdwnTexts(message.blocks);
    expect(text).toContain('|R&amp;D &lt;!channel&gt; 部長 (contact 123)>');
    expect(text).not.toContain('<!channel>');
    expect(message.text).not.toContain('<!channel>');
  });

  it('keeps the header within Slack’s 150 characters', () => {
    const message = buildSlackMessage(slaAlert({ contactName: 'あ'.repeat(300) }));
    const header = message.blocks[0];
    expect(header?.type).toBe('header');
    expect(header?.type === 'header' && header.text.text.length).toBe(150);
  });
});
