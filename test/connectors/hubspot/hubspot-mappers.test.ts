import { describe, expect, it } from 'vitest';
import {
  failuresFromBatchErrors,
  fromHubSpotContact,
  fromHubSpotOwner,
} from '../../../src/connectors/hubspot/hubspot-mappers.ts';

describe('fromHubSpotContact', () => {
  it('orders history newest first and turns instants into ISO strings', () => {
    const contact = fromHubSpotContact({
      id: '1',
      properties: { a: 'new' },
      propertiesWithHistory: {
        a: [
          { value: 'old', timestamp: '2026-01-01T00:00:00Z' },
          { value: 'new', timestamp: new Date('2026-02-01T00:00:00Z') },
        ],
      },
    });
    expect(contact).toEqual({
      id: '1',
      properties: { a: 'new' },
      history: {
        a: [
          { value: 'new', timestamp: '2026-02-01T00:00:00.000Z' },
          { value: 'old', timestamp: '2026-01-01T00:00:00.000Z' },
        ],
      },
      createdAt: null,
      updatedAt: null,
    });
  });
});

describe('fromHubSpotOwner', () => {
  it('falls back to the e-mail, then the id, for a nameless owner', () => {
    expect(fromHubSpotOwner({ id: '7', email: 'q@example.com' })).toEqual({
      ownerId: '7',
      userId: null,
      email: 'q@example.com',
      name: 'q@example.com',
    });
    expect(fromHubSpotOwner({ id: '7' }).name).toBe('7');
  });
});

describe('failuresFromBatchErrors', () => {
  it('charges an error that names no input to every input not updated', () => {
    const failed = failuresFromBatchErrors(
      [{ status: 'error', category: 'VALIDATION_ERROR', message: 'bad value' }],
      ['1', '2', '3'],
      new Set(['2']),
    );
    expect(failed.map((failure) => [failure.id, failure.error.code])).toEqual([
      ['1', 'validation'],
      ['3', 'validation'],
    ]);
  });
});
