import { createHash, hash } from 'node:crypto';

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`, one-shot: half the time of a Hash object for an entry's text. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of the pieces' concatenation, which is never made. */
export function sha256HexOfPieces(pieces: Iterable<string>): string {
  const digest = createHash('sha256');
  for (const piece of pieces) digest.update(piece);
  return digest.digest('hex');
}

const HEX_64 = /^[0-9a-f]{64}$/;

/** 64 lowercase hex characters: the form of every hash of the ledger. */
export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_64.test(value);
}
