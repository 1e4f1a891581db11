// Raw Salesforce REST shapes, only the parts the connector reads. Values arrive as JSON; each
// mapper checks what it uses instead of trusting these types.

/** GET /query, GET /query/{locator} (REST API Developer Guide, "Query"). */
export interface SalesforceQueryResult<R> {
  readonly totalSize: number;
  readonly done: boolean;
  /** `/services/data/vXX.X/query/01g…-2000` while more pages remain. */
  readonly nextRecordsUrl?: string;
  readonly records: readonly R[];
}

/** One record of a query result; fields by API name, relationships as nested objects. */
export type SalesforceRecord = Readonly<Record<string, unknown>>;

/**
 * One entry of an sObject Collections answer, in request order. Failures carry `statusCode` (not
 * `errorCode`, as single-record error bodies do).
 */
export interface SalesforceSaveResult {
  readonly id?: string | null;
  readonly success: boolean;
  readonly errors: readonly {
    readonly statusCode?: string;
    readonly errorCode?: string;
    readonly message?: string;
    readonly fields?: readonly string[];
  }[];
}

/** GET /sobjects/Lead/describe, the field properties the check reads. */
export interface SalesforceDescribeField {
  readonly name: string;
  /** string, textarea, picklist, datetime, date, email, double, boolean, reference… */
  readonly type: string;
  readonly length?: number;
  readonly updateable?: boolean;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly picklistValues?: readonly { readonly value: string; readonly active: boolean }[];
}

export interface SalesforceDescribe {
  readonly name: string;
  readonly fields: readonly SalesforceDescribeField[];
}

/** GET /limits: every limit as `{ Max, Remaining }`. */
export type SalesforceLimits = Readonly<
  Record<string, { readonly Max?: number; readonly Remaining?: number } | undefined>
>;

/** GET /services/data/vXX.X/ (Resources by Version): `identity` names the connected user. */
export interface SalesforceResources {
  readonly identity?: string;
}
