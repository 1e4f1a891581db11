// Boots the preview: asks the preview server who the user is, wires `hubspot.fetch` to the
// server's signing proxy, loads each card and page entry (filing its `hubspot.extend`), renders.
import { createRoot } from 'react-dom/client';
import { entries } from 'virtual:preview-entries';
import { PreviewApp } from './app/preview-app.tsx';
import { getJson } from './app/session.ts';
import type { PreviewSession } from './app/session.ts';
import { beginRegistration, setHostBridge } from './ui-extensions/runtime.tsx';
import './ui-extensions/hubspot-look.css';
import './app/preview.css';

setHostBridge({
  // HubSpot's proxy signs the request and adds the user's identity; the preview server does both.
  fetch: (url, options) =>
    fetch('/_preview/fetch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url,
        method: options.method ?? 'GET',
        body: options.body,
        timeout: options.timeout,
      }),
    }),
});

async function boot(): Promise<void> {
  const session = await getJson<PreviewSession>('/_preview/session');
  for (const entry of entries) {
    beginRegistration(entry.key);
    await entry.load();
  }
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<PreviewApp session={session} entries={entries} />);
}

void boot();
