import { createRenderer } from '@hubspot/ui-extensions/testing';
import { MarketerPages } from '../../../extensions/app/pages/MarketerPages.tsx';
import { BACKEND_URL, jsonResponse } from '../lead-card-fixture.ts';
import { fakeBackend } from '../render-card.tsx';

/** 2026-11-15 12:00 in Tokyo: this quarter is 2026 Q4, the last one Q3. */
export const NOW = new Date('2026-11-15T03:00:00.000Z');

interface RenderOptions {
  /** The page's path inside the app (`/` is the funnel). */
  path?: string;
  /** The user's locale; Japanese unless a test says otherwise. */
  locale?: string;
  /** Render without a profile BACKEND_URL. */
  noBackendUrl?: boolean;
  /** The instant the pages open at (default NOW). */
  now?: Date;
}

/** Renders the App Pages entry as HubSpot would at `path`, for a user in Tokyo. */
export function renderPages(options: RenderOptions = {}) {
  const renderer = createRenderer('pages');
  renderer.mocks.setPageLocation({ path: options.path ?? '/', params: {} });
  const base = renderer.mocks.context;
  const context = {
    ...base,
    ...(options.noBackendUrl === true ? {} : { variables: { BACKEND_URL } }),
    user: { ...base.user, locale: options.locale ?? 'ja-JP' },
    portal: { ...base.portal, timezone: 'Asia/Tokyo' },
  };
  renderer.render(<MarketerPages context={context} now={options.now ?? NOW} />);
  return renderer;
}

export type Pages = ReturnType<typeof renderPages>;

/** The backend, answering each route's path with `answer(path)`; every URL asked is in `urls`. */
export function fakeMarketerBackend(answer: (path: string, url: URL) => Response | Promise<Response>) {
  const urls: string[] = [];
  const fetch = fakeBackend((url) => {
    urls.push(url);
    const parsed = new URL(url);
    return answer(parsed.pathname, parsed);
  });
  return { fetch, urls };
}

export { BACKEND_URL, jsonResponse };

/** A backend that never answers: the page stays loading. */
export function hangingBackend() {
  return fakeMarketerBackend(() => new Promise<Response>(() => undefined));
}

/**
 * Fires a component's onChange with any value (a date object for DateInput). The kit types
 * `trigger`'s argument as the handler itself, while at run time it passes it to the handler.
 */
export function change(node: { trigger: (name: 'onChange', arg?: never) => void }, value: unknown) {
  const trigger = node.trigger.bind(node) as unknown as (name: 'onChange', arg: unknown) => void;
  trigger('onChange', value);
}
