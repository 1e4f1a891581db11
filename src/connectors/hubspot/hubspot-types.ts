// Raw HubSpot shapes as @hubspot/api-client hands them to us (its deserialiser turns ISO strings
// into Date objects; the wire has strings, so both are accepted). Only the fields we read.

export type HubSpotInstant = Date | string;

export interface HubSpotValueWithTimestamp {
  readonly value: string;
  readonly timestamp: HubSpotInstant;
  readonly sourceType?: string;
}

export interface HubSpotRawContact {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly propertiesWithHistory?: Readonly<Record<string, readonly HubSpotValueWithTimestamp[]>>;
  readonly createdAt?: HubSpotInstant;
  readonly updatedAt?: HubSpotInstant;
}

/** One entry of `errors` in a 207 multi-status batch answer. */
export interface HubSpotBatchError {
  readonly status: string;
  readonly category: string;
  readonly message: string;
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

export interface HubSpotRawOwner {
  readonly id: string;
  readonly userId?: number;
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

export interface HubSpotRawProperty {
  readonly name: string;
  readonly type: string;
  readonly fieldType: string;
  readonly groupName: string;
  readonly options: readonly { readonly value: string; readonly label: string; readonly hidden?: boolean }[];
}
