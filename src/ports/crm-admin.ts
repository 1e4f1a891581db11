import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';

export type PropertyType = 'string' | 'enumeration' | 'datetime' | 'number';
export type PropertyFieldType = 'text' | 'textarea' | 'select' | 'date' | 'number';

export interface PropertySpec {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly type: PropertyType;
  readonly fieldType: PropertyFieldType;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
}

export interface ProvisionReport {
  readonly groupCreated: boolean;
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /** Properties that exist with another type: reported, never overwritten. */
  readonly conflicts: readonly {
    readonly name: string;
    readonly expected: string;
    readonly actual: string;
  }[];
  /** Enumeration properties whose missing options were added. */
  readonly optionsAdded: readonly string[];
}

export interface CrmOwner {
  readonly ownerId: string;
  readonly userId: string | null;
  readonly email: string | null;
  readonly name: string;
}

export interface TaskToCreate {
  readonly contactId: string;
  readonly ownerId: string;
  readonly subject: string;
  readonly body: string;
  readonly dueAt: Date;
}

/** Schema, owners and tasks: what provisioning, verdict identity and alerts need from HubSpot. */
export interface CrmAdmin {
  ensureContactProperties(
    group: { readonly name: string; readonly label: string },
    properties: readonly PropertySpec[],
  ): Promise<Result<ProvisionReport, ConnectorError>>;
  getOwnerByUserId(userId: string): Promise<Result<CrmOwner | null, ConnectorError>>;
  createTask(task: TaskToCreate): Promise<Result<{ readonly id: string }, ConnectorError>>;
}
