// Written by the preview build from extensions/app/cards/*-hsmeta.json and app/pages/*-hsmeta.json.
declare module 'virtual:preview-entries' {
  export interface PreviewEntry {
    readonly key: string;
    readonly kind: 'card' | 'page';
    readonly name: string;
    readonly location: string;
    /** Imports the entry file, whose `hubspot.extend` then registers its render callback. */
    readonly load: () => Promise<unknown>;
  }
  export const entries: readonly PreviewEntry[];
}
