// The preview's stand-in for `@hubspot/ui-extensions` (0.17.0), aliased in its place when the
// preview bundles the real card and pages. Same export names, same props (typed by the package's
// own declarations), rendered as plain React DOM styled like HubSpot. Not HubSpot: a preview.
import { useEffect, useState } from 'react';
import type { HubSpotFetchOptions, HubSpotFetchRequestURI } from '@hubspot/ui-extensions';
import { hostFetch, register, useExtensionApiValue } from './runtime.tsx';
import type { RenderCallback } from './runtime.tsx';

export * from './components/text.tsx';
export * from './components/layout.tsx';
export * from './components/table.tsx';
export * from './components/status.tsx';
export * from './components/buttons.tsx';
export * from './components/overlays.tsx';
export { Form } from './components/form-context.tsx';
export * from './components/inputs.tsx';
export * from './components/choices.tsx';
export * from './components/data.tsx';
export * from './components/charts.tsx';
export { ExtensionEvent, FormSubmitExtensionEvent, ServerlessExecutionStatus } from './components/events.ts';

export const hubspot = {
  extend(callback: RenderCallback): void {
    register(callback);
  },
  fetch(url: HubSpotFetchRequestURI, options?: HubSpotFetchOptions): Promise<Response> {
    return hostFetch(url, options);
  },
  serverless(): Promise<never> {
    return Promise.reject(
      new Error('Serverless functions do not run in the preview (the app uses hubspot.fetch).'),
    );
  },
};

export const logger = {
  debug: (...args: unknown[]) => {
    console.debug('[extension]', ...args);
  },
  info: (...args: unknown[]) => {
    console.info('[extension]', ...args);
  },
  warn: (...args: unknown[]) => {
    console.warn('[extension]', ...args);
  },
  error: (...args: unknown[]) => {
    console.error('[extension]', ...args);
  },
};

export function useExtensionApi() {
  return useExtensionApiValue();
}

export function useExtensionContext() {
  return useExtensionApiValue().context;
}

export function useExtensionActions() {
  return useExtensionApiValue().actions;
}

export function useDebounce<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(value);
    }, delay);
    return () => {
      clearTimeout(timer);
    };
  }, [value, delay]);
  return debounced;
}
