// crypto.randomUUID is not guaranteed inside HubSpot's extension worker; fall back to a
// Math.random-based v4-shaped id, which is enough to tell two submission attempts apart.

interface UuidSource {
  randomUUID?: () => string;
}

function workerCrypto(): UuidSource | null {
  return (globalThis as { crypto?: UuidSource }).crypto ?? null;
}

export function newIdempotencyKey(source: UuidSource | null = workerCrypto()): string {
  if (typeof source?.randomUUID === 'function') return source.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (char) => {
    const nibble = Math.floor(Math.random() * 16);
    return (char === 'x' ? nibble : (nibble & 0x3) | 0x8).toString(16);
  });
}
