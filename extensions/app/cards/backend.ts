import { hubspot } from '@hubspot/ui-extensions';
import { createBackendClient } from '@lead-handoff/shared/api';

// This folder's backend calls. `hubspot.fetch` is looked up on the imported object at each call
// (not captured once) so tests can replace it with vi.spyOn(hubspot, 'fetch').
export const { callBackend, getLeadCard, postVerdict } = createBackendClient((url, options) =>
  hubspot.fetch(url, options),
);
