import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, as Go's
 * golang.org/x/mod/sumdb/note writes them: the note text, a blank line, then
 * one line per signature, `— <key name> base64(4-byte key id || signature)`.
 */

/** Signature type byte of a plain Ed25519 note signature. */
export const ED25519_TYPE = 0x01;
/** Signature type byte of a timestamped Ed25519 cosignature (C2SP tlog-cosignature). */
export const COSIGNATURE_TYPE = 0x04;

const SIGNATURE_PREFIX = '\u2014 ';
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A note that is malformed, or whose signatures do not verify; the message says which. */
export class NoteError extends Error {}

/** Key name rules: non-empty, no whitespace (Unicode spaces included) and no '+'. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** First 4 bytes of SHA-256(name || 0x0A || type || public key). */
export function keyId(name: string, type: number, publicKey: Uint8Array): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.of(0x0a, type)).update(publicKey).digest().subarray(0, 4);
}

export interface NoteKey {
  name: string;
  /** 32 raw bytes. */
  publicKey: Buffer;
  /** 0x01 for a log's note signature, 0x04 for a witness's cosignature. */
  type: number;
  id: Buffer;
}

export interface NoteSigner extends NoteKey {
  privateKey: KeyObject;
}

export function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

function key(name: string, type: number, publicKey: Buffer): NoteKey {
  if (!isKeyName(name)) throw new NoteError(`key name "${name}" is empty or holds a space or '+'`);
  if (publicKey.length !== 32) throw new NoteError('an Ed25519 public key is 32 bytes');
  return { name, publicKey, type, id: keyId(name, type, publicKey) };
}

/** A fresh Ed25519 signer. */
export function generateSigner(name: string, type = ED25519_TYPE): NoteSigner {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { ...key(name, type, rawPublicKey(privateKey)), privateKey };
}

/**
 * The signer's secret as Go's note package writes it:
 * `PRIVATE+KEY+<name>+<8 hex key id>+<base64(type || 32-byte seed)>`.
 */
export function encodeSignerKey(signer: NoteSigner): string {
  const der = signer.privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(PKCS8_ED25519.length);
  return `PRIVATE+KEY+${signer.name}+${signer.id.toString('hex')}+${Buffer.concat([Buffer.of(signer.type), seed]).toString('base64')}`;
}

/** Split on the first `count - 1` plus signs: base64 may hold '+' too, names may not. */
function splitKey(text: string, count: number): string[] {
  const parts = text.trim().split('+');
  return parts.length < count ? parts : [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = splitKey(text, 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new NoteError('not a PRIVATE+KEY+<name>+<id>+<key> signer key');
  const material = Buffer.from(parts[4], 'base64');
  if (material.length !== 33) throw new NoteError('signer key material is not a type byte and a 32-byte seed');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, material.subarray(1)]), format: 'der', type: 'pkcs8' });
  const signer = { ...key(parts[2], material[0], rawPublicKey(privateKey)), privateKey };
  if (signer.id.toString('hex') !== parts[3]) throw new NoteError('signer key id does not match its name and key');
  return signer;
}

/** The verifier key: `<name>+<8 hex key id>+<base64(type || 32-byte public key)>`. */
export function encodeVerifierKey(k: NoteKey): string {
  return `${k.name}+${k.id.toString('hex')}+${Buffer.concat([Buffer.of(k.type), k.publicKey]).toString('base64')}`;
}

export function parseVerifierKey(text: string): NoteKey {
  const parts = splitKey(text, 3);
  if (parts.length !== 3 || !/^[0-9a-f]{8}$/.test(parts[1])) throw new NoteError('not a <name>+<8 hex id>+<base64 key> verifier key');
  const material = Buffer.from(parts[2], 'base64');
  if (material.length !== 33 || material.toString('base64') !== parts[2]) throw new NoteError('verifier key is not a type byte and a 32-byte Ed25519 key in base64');
  if (material[0] !== ED25519_TYPE && material[0] !== COSIGNATURE_TYPE) throw new NoteError(`verifier key type 0x${material[0].toString(16)} is not Ed25519 (0x01) or a cosignature (0x04)`);
  const k = key(parts[0], material[0], material.subarray(1));
  if (k.id.toString('hex') !== parts[1]) throw new NoteError('verifier key id does not match its name and key');
  return k;
}

export interface NoteSignature {
  name: string;
  id: Buffer;
  /** Everything after the key id: a 64-byte signature, or a timestamp and a signature for a cosignature. */
  signature: Buffer;
}

export interface Note {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

export function signatureLine(name: string, id: Buffer, signature: Buffer): string {
  return `${SIGNATURE_PREFIX}${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** Sign `text` (which must end in a newline) with each signer. */
export function signNote(text: string, signers: NoteSigner[]): string {
  checkText(text);
  const lines = signers.map((s) => signatureLine(s.name, s.id, sign(null, Buffer.from(text, 'utf8'), s.privateKey)));
  return `${text}\n${lines.join('')}`;
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('note text must end in a newline');
  if (text.includes('\r')) throw new NoteError('note text must not hold a carriage return');
}

/** Split a note into its text and signature lines; throws NoteError if it is malformed. */
export function parseNote(note: string): Note {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('a note is its text, a blank line and signature lines, each ending in a newline');
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError(`signature line "${line}" does not start with "— "`);
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    const bytes = Buffer.from(encoded ?? '', 'base64');
    if (extra !== undefined || !isKeyName(name) || bytes.length < 5 || bytes.toString('base64') !== encoded) {
      throw new NoteError(`signature line "${line}" is not "— <name> <base64>"`);
    }
    return { name, id: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/** The signatures of `note` made by `k` (matching name and key id). */
export function signaturesBy(note: Note, k: NoteKey): NoteSignature[] {
  return note.signatures.filter((s) => s.name === k.name && s.id.equals(k.id));
}

/**
 * Parse `note` and check it carries a valid Ed25519 signature by `logKey`;
 * throws NoteError otherwise. Signatures by other keys are left to the caller.
 */
export function openNote(note: string, logKey: NoteKey): Note {
  const parsed = parseNote(note);
  const own = signaturesBy(parsed, logKey);
  if (own.length === 0) throw new NoteError(`the note is not signed by ${logKey.name}`);
  for (const s of own) {
    if (s.signature.length !== 64 || !verify(null, Buffer.from(parsed.text, 'utf8'), publicKeyObject(logKey.publicKey), s.signature)) {
      throw new NoteError(`the signature of ${logKey.name} does not verify`);
    }
  }
  return parsed;
}
