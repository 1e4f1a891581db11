import { describe, expect, it } from 'vitest';
import { routeAlert } from '../../src/alerts/route-alert.ts';
import type { AlertChannelName, AlertKind } from '../../src/ports/alert-channel.ts';

type Row = [AlertKind, 'owner' | 'no owner', 'slack' | 'no slack', 'tasks' | 'no tasks', AlertChannelName[]];

// Every kind × owner × Slack × HubSpot-task combination, written out so the table is the specification.
const TABLE: Row[] = [
  ['breached', 'owner', 'slack', 'tasks', ['hubspot_task', 'slack', 'log']],
  ['breached', 'owner', 'slack', 'no tasks', ['slack', 'log']],
  ['breached', 'owner', 'no slack', 'tasks', ['hubspot_task', 'log']],
  ['breached', 'owner', 'no slack', 'no tasks', ['log']],
  ['breached', 'no owner', 'slack', 'tasks', ['slack', 'log']],
  ['breached', 'no owner', 'slack', 'no tasks', ['slack', 'log']],
  ['breached', 'no owner', 'no slack', 'tasks', ['log']],
  ['breached', 'no owner', 'no slack', 'no tasks', ['log']],
  ['due_soon', 'owner', 'slack', 'tasks', ['hubspot_task', 'log']],
  ['due_soon', 'owner', 'slack', 'no tasks', ['slack', 'log']],
  ['due_soon', 'owner', 'no slack', 'tasks', ['hubspot_task', 'log']],
  ['due_soon', 'owner', 'no slack', 'no tasks', ['log']],
  ['due_soon', 'no owner', 'slack', 'tasks', ['slack', 'log']],
  ['due_soon', 'no owner', 'slack', 'no tasks', ['slack', 'log']],
  ['due_soon', 'no owner', 'no slack', 'tasks', ['log']],
  ['due_soon', 'no owner', 'no slack', 'no tasks', ['log']],
  ['escalated', 'owner', 'slack', 'tasks', ['slack', 'log']],
  ['escalated', 'owner', 'slack', 'no tasks', ['slack', 'log']],
  ['escalated', 'owner', 'no slack', 'tasks', ['log']],
  ['escalated', 'owner', 'no slack', 'no tasks', ['log']],
  ['escalated', 'no owner', 'slack', 'tasks', ['slack', 'log']],
  ['escalated', 'no owner', 'slack', 'no tasks', ['slack', 'log']],
  ['escalated', 'no owner', 'no slack', 'tasks', ['log']],
  ['escalated', 'no owner', 'no slack', 'no tasks', ['log']],
];

describe('routeAlert', () => {
  it.each(TABLE)('routes %s with %s, %s, %s to %j', (alertKind, owner, slack, tasks, expected) => {
    const channels = routeAlert(
      { alertKind, ownerId: owner === 'owner' ? '77' : null },
      { slack: slack === 'slack', hubspotTask: tasks === 'tasks' },
    );
    expect(channels).toEqual(expected);
  });

  it('always keeps the log as the audit trail, even when a person is alerted', () => {
    const channels = routeAlert({ alertKind: 'breached', ownerId: '77' }, { slack: true, hubspotTask: true });
    expect(channels).toContain('log');
  });
});
