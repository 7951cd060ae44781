/**
 * The transparency log's checks for the independent verifier, written from
 * docs/log.md alone with node:crypto: RFC 9162 §2.1.3.2 inclusion and
 * §2.1.4.2 consistency verification, C2SP signed notes, checkpoints and
 * tlog-cosignature v1. Imports nothing of the project.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export class LogCheckError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

const leafInput = Buffer.alloc(33);
/** SHA-256(0x00 || the 32 bytes of the entry's hex hash). */
export function leafHash(entryHashHex) {
  if (!/^[0-9a-f]{64}$/.test(entryHashHex)) throw new LogCheckError('HASH_MALFORMED', `${entryHashHex} is not 64 lowercase hex characters`);
  leafInput.write(entryHashHex, 1, 'hex');
  return createHash('sha256').update(leafInput).digest();
}
// One buffer for every interior node: 0x01 || left || right, hashed in one call.
const nodeInput = Buffer.alloc(65, 1);
function node(left, right) {
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 33);
  return createHash('sha256').update(nodeInput).digest();
}
const odd = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);

function isPowerOfTwo(n) {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

/** RFC 9162 §2.1.3.2: the root `proof` leads to from leaf `index` of a tree of `size`, or null when the proof cannot be one. */
export function rootFromInclusion(index, size, leaf, proof) {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32 || sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = node(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = node(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (size1, root1) is a prefix of (size2, root2). */
export function consistent(size1, size2, proof, root1, root2) {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2)) || size1 < 1 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  // A first tree of 2^k leaves is a complete subtree of the second: its root starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  if (path.length === 0 || path.some((p) => p.length !== 32)) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = node(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

const keyIdOf = (name, type, publicKey) => createHash('sha256').update(name, 'utf8').update(Buffer.of(0x0a, type)).update(publicKey).digest().subarray(0, 4);

/** A note verifier key, `<name>+<8 hex id>+<base64(type || 32-byte Ed25519 key)>`. */
export function parseVerifierKey(text) {
  const parts = text.trim().split('+');
  const [name, id, material] = [parts[0], parts[1], parts.slice(2).join('+')];
  const bytes = Buffer.from(material ?? '', 'base64');
  if (!name || !/^[0-9a-f]{8}$/.test(id ?? '') || bytes.length !== 33 || bytes.toString('base64') !== material) throw new Error(`not a note verifier key: ${text.trim()}`);
  const key = { name, type: bytes[0], publicKey: bytes.subarray(1), id: Buffer.from(id, 'hex') };
  if (!keyIdOf(name, key.type, key.publicKey).equals(key.id)) throw new Error(`verifier key ${name}: the id does not match the key`);
  key.object = createPublicKey({ key: Buffer.concat([SPKI_ED25519, key.publicKey]), format: 'der', type: 'spki' });
  return key;
}

/** A signed note: its text (through the last blank line's newline) and its signatures. */
function parseNote(note) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new LogCheckError('CHECKPOINT_MALFORMED', 'the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!match) throw new LogCheckError('CHECKPOINT_MALFORMED', `bad signature line "${line}"`);
      const bytes = Buffer.from(match[2], 'base64');
      return { name: match[1], id: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  return { text, signatures };
}

/**
 * A checkpoint note checked against the log key (and each witness key: a
 * valid tlog-cosignature v1 of it): `{size, root, note}`; throws LogCheckError.
 */
export function openCheckpoint(note, logKey, witnessKeys = []) {
  const { text, signatures } = parseNote(note);
  const own = signatures.filter((s) => s.name === logKey.name && s.id.equals(logKey.id));
  if (own.length === 0 || !own.every((s) => s.signature.length === 64 && verify(null, Buffer.from(text, 'utf8'), logKey.object, s.signature))) {
    throw new LogCheckError('CHECKPOINT_SIGNATURE', `the checkpoint is not signed by the log key ${logKey.name}`);
  }
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine] = lines;
  const root = Buffer.from(rootLine ?? '', 'base64');
  if (origin !== logKey.name || !/^(0|[1-9][0-9]*)$/.test(sizeLine ?? '') || root.length !== 32) {
    throw new LogCheckError('CHECKPOINT_MALFORMED', 'the checkpoint is not <origin>\\n<size>\\n<root>\\n under the log key\'s name');
  }
  for (const witness of witnessKeys) {
    const cosigned = signatures.some((s) => {
      if (s.name !== witness.name || !s.id.equals(witness.id) || s.signature.length !== 72) return false;
      const message = Buffer.from(`cosignature/v1\ntime ${s.signature.readBigUInt64BE(0)}\n${text}`, 'utf8');
      return verify(null, message, witness.object, s.signature.subarray(8));
    });
    if (!cosigned) throw new LogCheckError('COSIGNATURE_MISSING', `the checkpoint has no valid cosignature of witness ${witness.name}`);
  }
  return { size: Number(sizeLine), root, note };
}

export const fromBase64 = (hashes) => hashes.map((h) => Buffer.from(h, 'base64'));
