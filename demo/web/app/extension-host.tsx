// Renders one registered extension (its `hubspot.extend` callback) with the API HubSpot would
// give it, and keeps a crash inside the extension from taking the preview down.
import { Component } from 'react';
import type { ReactNode } from 'react';
import { ExtensionApiContext, registered } from '../ui-extensions/runtime.tsx';
import type { PreviewExtensionApi } from '../ui-extensions/runtime.tsx';

class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error)
      return <pre className="pv-crash">The extension crashed: {this.state.error.message}</pre>;
    return this.props.children;
  }
}

export function ExtensionHost({ entryKey, api }: { entryKey: string; api: PreviewExtensionApi }) {
  const render = registered(entryKey);
  if (!render) return <p className="pv-muted">This entry did not call hubspot.extend.</p>;
  return (
    <Boundary>
      <ExtensionApiContext.Provider value={api}>{render(api)}</ExtensionApiContext.Provider>
    </Boundary>
  );
}
