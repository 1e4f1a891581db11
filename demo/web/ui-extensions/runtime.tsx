// The preview's host side of `@hubspot/ui-extensions`: where `hubspot.extend` registrations go,
// how `hubspot.fetch` reaches the preview server, and the API (context, actions) each extension
// gets. In HubSpot the extension runs in a sandboxed worker; here it runs in the page itself.
import { createContext, useContext } from 'react';
import type { ReactElement } from 'react';
import type { HubSpotFetchOptions, HubSpotFetchRequestURI } from '@hubspot/ui-extensions';

/** What `hubspot.extend` hands to the render callback (context and actions per location). */
export interface PreviewExtensionApi {
  readonly context: object;
  readonly actions: object;
  readonly runServerlessFunction: () => Promise<never>;
}

export type RenderCallback = (api: PreviewExtensionApi) => ReactElement;

export interface HostBridge {
  fetch(url: string, options: HubSpotFetchOptions): Promise<Response>;
}

const registry = new Map<string, RenderCallback>();
let registering: string | null = null;
let bridge: HostBridge | null = null;

/** Called by the host before it imports an entry, so that entry's `hubspot.extend` is filed under `key`. */
export function beginRegistration(key: string): void {
  registering = key;
}

export function registered(key: string): RenderCallback | undefined {
  return registry.get(key);
}

export function register(callback: RenderCallback): void {
  registry.set(registering ?? 'default', callback);
}

export function setHostBridge(next: HostBridge): void {
  bridge = next;
}

export function hostFetch(url: HubSpotFetchRequestURI, options: HubSpotFetchOptions = {}): Promise<Response> {
  if (!bridge) return Promise.reject(new Error('hubspot.fetch: the preview host is not connected'));
  return bridge.fetch(String(url), options);
}

export const ExtensionApiContext = createContext<PreviewExtensionApi | null>(null);

export function useExtensionApiValue(): PreviewExtensionApi {
  const api = useContext(ExtensionApiContext);
  if (!api) throw new Error('This hook only works inside an extension rendered by hubspot.extend');
  return api;
}
