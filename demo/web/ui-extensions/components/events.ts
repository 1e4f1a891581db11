// The event objects HubSpot passes to handlers, with the same fields as the package's classes.
import type {
  ExtensionEvent as HubSpotExtensionEvent,
  FormSubmitExtensionEvent as HubSpotFormSubmitEvent,
} from '@hubspot/ui-extensions';

export class ExtensionEvent {
  type: string;
  bubbles: boolean;
  timeStamp: number;
  id: string;
  constructor(event: Event) {
    this.type = event.type;
    this.bubbles = event.bubbles;
    this.timeStamp = event.timeStamp;
    this.id = event.target instanceof Element ? event.target.id : '';
  }
}

export class FormSubmitExtensionEvent<V> extends ExtensionEvent {
  targetValue: V;
  constructor(value: V, event: Event) {
    super(event);
    this.targetValue = value;
  }
}

export const ServerlessExecutionStatus = { Success: 'SUCCESS', Error: 'ERROR' } as const;

/** `reactions`, HubSpot's second handler argument: opens or closes the overlay `setOpen` controls. */
export function reactionsFor(setOpen: (open: boolean) => void) {
  return {
    openPanel: () => {
      setOpen(true);
    },
    closePanel: () => {
      setOpen(false);
    },
    openModal: () => {
      setOpen(true);
    },
    closeModal: () => {
      setOpen(false);
    },
  };
}

export const noReactions = reactionsFor(() => undefined);

/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   the package only declares its event classes (HubSpot's runtime builds the instances); the
   look-alikes above have the same fields, which is all a handler can rely on. */
export function extensionEvent(event: Event): HubSpotExtensionEvent {
  return new ExtensionEvent(event);
}

export function formSubmitEvent<V>(values: V, event: Event): HubSpotFormSubmitEvent<V> {
  return new FormSubmitExtensionEvent(values, event);
}
