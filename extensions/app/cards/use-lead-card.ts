import { useCallback, useEffect, useState } from 'react';
import type { ProfileVariables } from '@lead-handoff/shared/api';
import type { LeadCardDto } from '@lead-handoff/shared/dto';
import { getLeadCard } from './backend.ts';

export type LeadCardState =
  | { status: 'loading' }
  | { status: 'ready'; card: LeadCardDto }
  | { status: 'not_tracked' }
  | { status: 'error'; message: string };

/**
 * Loads the card model for one contact. `reload` keeps the current card on screen while it
 * refetches (after a verdict); only the first load and a retry after an error show the spinner.
 */
export function useLeadCard(variables: ProfileVariables, contactId: string) {
  const [state, setState] = useState<LeadCardState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  // Keyed on the URL, not the variables object, so a new-but-equal context does not refetch.
  const backend = String(variables?.['BACKEND_URL'] ?? '');
  useEffect(() => {
    let current = true;
    void getLeadCard(variables, contactId).then((result) => {
      if (!current) return;
      if (result.ok) setState({ status: 'ready', card: result.data });
      else if (result.status === 404 && result.code === 'not_found') setState({ status: 'not_tracked' });
      else setState({ status: 'error', message: result.message });
    });
    return () => {
      current = false;
    };
  }, [backend, contactId, generation]);

  const reload = useCallback(() => {
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    setGeneration((value) => value + 1);
  }, []);

  return { state, reload };
}
