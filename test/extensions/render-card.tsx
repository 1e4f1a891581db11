import { hubspot } from '@hubspot/ui-extensions';
import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { vi } from 'vitest';
import { LeadHandoffCard } from '../../extensions/app/cards/LeadHandoffCard.tsx';
import { BACKEND_URL } from './lead-card-fixture.ts';

export type FakeBackend = (
  url: string,
  options: HubSpotFetchOptions | undefined,
) => Response | Promise<Response>;

/** Replaces hubspot.fetch (the worker's proxy) with a fake backend; the card code runs unchanged. */
export function fakeBackend(answer: FakeBackend) {
  return vi.spyOn(hubspot, 'fetch').mockImplementation(async (url, options) => answer(String(url), options));
}

/** Renders the card as HubSpot would on a contact record, with a profile that sets BACKEND_URL. */
export function renderCard(options: { locale?: string; timeZone?: string } = {}) {
  const renderer = createRenderer('crm.record.tab');
  const base = renderer.mocks.context;
  const context = {
    ...base,
    variables: { BACKEND_URL },
    user: options.locale === undefined ? base.user : { ...base.user, locale: options.locale },
    // The kit's portal is in America/New_York unless a test says otherwise.
    portal: options.timeZone === undefined ? base.portal : { ...base.portal, timezone: options.timeZone },
  };
  renderer.render(<LeadHandoffCard context={context} actions={renderer.mocks.actions} />);
  return renderer;
}

interface TextTree {
  text: string | null;
  childNodes?: TextTree[];
}

/** All text under a node; the kit's `.text` holds only a node's own text children. */
export function textOf(node: TextTree): string {
  if (node.childNodes === undefined) return node.text ?? '';
  return node.childNodes.map(textOf).join('');
}

/**
 * Fires a component's onChange with a value. The kit types `trigger`'s argument as the handler
 * itself, while at run time it passes the argument to the handler; this helper states the latter.
 */
export function triggerChange(node: { trigger: (name: 'onChange', arg?: never) => void }, value: string) {
  const trigger = node.trigger.bind(node) as unknown as (name: 'onChange', arg: string) => void;
  trigger('onChange', value);
}
