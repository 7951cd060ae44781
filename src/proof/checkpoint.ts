import { sign, verify } from 'node:crypto';
import { HASH_SIZE } from './merkle';
import { COSIGNATURE_TYPE, Note, NoteError, NoteKey, NoteSignature, NoteSigner, openNote, publicKeyObject, signatureLine, signaturesBy } from './signed-note';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text
 * `<origin>\n<tree size>\n<base64 root hash>\n`, optionally followed by
 * extension lines; and C2SP tlog-cosignature v1 (https://c2sp.org/tlog-cosignature),
 * a witness's timestamped Ed25519 signature over it.
 */

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions: string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

export function checkpointText(c: Checkpoint): string {
  return [c.origin, String(c.size), c.root.toString('base64'), ...c.extensions].map((line) => `${line}\n`).join('');
}

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new NoteError('a checkpoint ends in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('a checkpoint has an origin, a tree size and a root hash line');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin.length === 0) throw new NoteError('the checkpoint origin is empty');
  if (!DECIMAL.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) throw new NoteError(`checkpoint tree size "${sizeLine}" is not a decimal number`);
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== HASH_SIZE || root.toString('base64') !== rootLine) throw new NoteError('checkpoint root is not a base64 32-byte hash');
  if (extensions.some((line) => line.length === 0)) throw new NoteError('checkpoint extension lines are not empty');
  return { origin, size: Number(sizeLine), root, extensions };
}

/** The message a v1 cosignature signs: a header, its time, and the whole checkpoint text. */
export function cosignedMessage(checkpoint: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpoint}`, 'utf8');
}

/** A witness's cosignature line for the checkpoint text, made at `timestamp` (POSIX seconds). */
export function cosign(checkpoint: string, witness: NoteSigner, timestamp: number): string {
  if (witness.type !== COSIGNATURE_TYPE) throw new NoteError('a cosigner key has type 0x04');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new NoteError('a cosignature timestamp is a whole number of seconds');
  const signature = sign(null, cosignedMessage(checkpoint, timestamp), witness.privateKey);
  const stamped = Buffer.alloc(8 + 64);
  stamped.writeBigUInt64BE(BigInt(timestamp));
  signature.copy(stamped, 8);
  return signatureLine(witness.name, witness.id, stamped);
}

/** The time of a valid cosignature by `witness` on `note`; throws NoteError if it has none, or one that fails. */
export function verifyCosignature(note: Note, witness: NoteKey): number {
  if (witness.type !== COSIGNATURE_TYPE) throw new NoteError(`${witness.name}'s key is not a cosigner key (type 0x04)`);
  const own: NoteSignature[] = signaturesBy(note, witness);
  if (own.length === 0) throw new NoteError(`the checkpoint has no cosignature of ${witness.name}`);
  let latest = -1;
  for (const s of own) {
    if (s.signature.length !== 72) throw new NoteError(`the cosignature of ${witness.name} is not a timestamp and a signature`);
    const timestamp = s.signature.readBigUInt64BE(0);
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) throw new NoteError(`the cosignature of ${witness.name} has an impossible time`);
    if (!verify(null, cosignedMessage(note.text, Number(timestamp)), publicKeyObject(witness.publicKey), s.signature.subarray(8))) {
      throw new NoteError(`the cosignature of ${witness.name} does not verify`);
    }
    latest = Math.max(latest, Number(timestamp));
  }
  return latest;
}

/** A checkpoint note signed by the log's key, whose origin is the key's name; throws NoteError otherwise. */
export function openCheckpoint(note: string, logKey: NoteKey): Checkpoint {
  const checkpoint = parseCheckpoint(openNote(note, logKey).text);
  if (checkpoint.origin !== logKey.name) throw new NoteError(`the checkpoint's origin ${checkpoint.origin} is not the log key's name ${logKey.name}`);
  return checkpoint;
}
