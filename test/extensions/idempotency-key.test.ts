import { describe, expect, it } from 'vitest';
import { newIdempotencyKey } from '../../extensions/shared/idempotency-key.ts';

describe('newIdempotencyKey', () => {
  it('uses crypto.randomUUID when the worker has it', () => {
    expect(newIdempotencyKey({ randomUUID: () => 'from-crypto' })).toBe('from-crypto');
  });

  it('falls back to distinct v4-shaped ids without crypto', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey(null)));

    expect(keys.size).toBe(50);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('falls back when crypto lacks randomUUID', () => {
    expect(newIdempotencyKey({})).toHaveLength(36);
  });
});
