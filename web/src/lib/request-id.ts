/** An idempotency key: 32 random hex characters (getRandomValues works outside secure contexts, randomUUID does not). */
export function newRequestId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
