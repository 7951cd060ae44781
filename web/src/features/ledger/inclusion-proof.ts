/**
 * Checks, in the browser, that a ledger entry is in the transparency log the
 * server signed (docs/log.md): the entry's canonical text hashes to its hash;
 * the checkpoint is a C2SP signed note carrying a valid Ed25519 signature by the
 * log's key; and the RFC 9162 inclusion proof leads from the entry's leaf to the
 * checkpoint's root. The same checks as `npm run verify -- --entry-bundle`
 * (src/proof/), written again on WebCrypto because those use node:crypto.
 */

export interface EntryProofData {
  canonical: string;
  hash: string;
  logIndex: number;
  treeSize: number;
  /** base64 hashes, from the leaf up. */
  proof: readonly string[];
}

export interface CheckpointData {
  note: string;
  size: number;
  root: string;
}

export type CheckName = 'entryHash' | 'checkpointSignature' | 'checkpointText' | 'inclusion';

export interface Check {
  name: CheckName;
  ok: boolean;
  /** What failed, in English (shown beside the translated name of the check). */
  detail?: string;
}

const encoder = new TextEncoder();

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  if (!globalThis.crypto?.subtle) throw new Error('WebCrypto is unavailable here (the console must be served over HTTPS)');
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Interior node hash: SHA-256(0x01 || left || right). */
const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

/** Bit length of n ≥ 0 (n < 2^53). */
function bitLength(n: number): number {
  let bits = 0;
  for (; n >= 1; n = Math.floor(n / 2)) bits++;
  return bits;
}

const bitSet = (n: number, bit: number) => Math.floor(n / 2 ** bit) % 2 === 1;

function ones(n: number): number {
  let count = 0;
  for (; n >= 1; n = Math.floor(n / 2)) if (n % 2 === 1) count++;
  return count;
}

function xor(a: number, b: number): number {
  const high = (Math.floor(a / 2 ** 32) ^ Math.floor(b / 2 ** 32)) >>> 0;
  const low = ((a % 2 ** 32) ^ (b % 2 ** 32)) >>> 0;
  return high * 2 ** 32 + low;
}

/** The root an RFC 9162 inclusion proof leads to from `leaf` at `index` in a tree of `size` (transparency-dev/merkle's algorithm). */
export async function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: Uint8Array[]): Promise<Uint8Array> {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) throw new Error(`index ${index} is not below tree size ${size}`);
  if (proof.some((p) => p.length !== 32)) throw new Error('a proof hash is not 32 bytes');
  const inner = bitLength(xor(index, size - 1));
  const border = ones(Math.floor(index / 2 ** inner));
  if (proof.length !== inner + border) throw new Error(`the proof has ${proof.length} hashes, not ${inner + border}`);
  let hash = leaf;
  for (let i = 0; i < inner; i++) hash = bitSet(index, i) ? await nodeHash(proof[i], hash) : await nodeHash(hash, proof[i]);
  for (let i = inner; i < proof.length; i++) hash = await nodeHash(proof[i], hash);
  return hash;
}

/** A note verifier key, <name>+<8 hex key id>+<base64 of 0x01 and the Ed25519 public key>, checked against its id. */
async function parseVerifierKey(text: string): Promise<{ name: string; id: Uint8Array; publicKey: Uint8Array }> {
  // Names hold no '+', base64 may: the key material is everything after the second one.
  const [name, hexId, ...rest] = text.trim().split('+');
  const material = rest.join('+');
  const bytes = material ? fromBase64(material) : new Uint8Array();
  if (!name || !/^[0-9a-f]{8}$/.test(hexId ?? '') || bytes.length !== 33 || bytes[0] !== 0x01) throw new Error('the log key is not <name>+<id>+<Ed25519 key>');
  const id = (await sha256(encoder.encode(name), Uint8Array.of(0x0a), bytes)).slice(0, 4);
  if (toHex(id) !== hexId) throw new Error('the log key’s id does not match its name and key');
  return { name, id, publicKey: bytes.slice(1) };
}

/** The note's signed text when it carries a valid signature by `logKey`; throws otherwise. */
async function openNote(note: string, logKey: string): Promise<string> {
  const key = await parseVerifierKey(logKey);
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const own = lines
    .map((line) => line.match(/^\u2014 (\S+) (\S+)$/))
    .filter((m): m is RegExpMatchArray => m !== null && m[1] === key.name)
    .map((m) => fromBase64(m[2]))
    .filter((bytes) => same(bytes.slice(0, 4), key.id));
  if (own.length === 0) throw new Error(`the checkpoint is not signed by ${key.name}`);
  const verifier = await crypto.subtle.importKey('raw', key.publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  for (const signature of own) {
    const valid = signature.length === 68 && (await crypto.subtle.verify({ name: 'Ed25519' }, verifier, signature.slice(4) as BufferSource, encoder.encode(text) as BufferSource));
    if (!valid) throw new Error(`the signature of ${key.name} does not verify`);
  }
  if (!text.startsWith(`${key.name}\n`)) throw new Error('the checkpoint’s origin is not the log key’s name');
  return text;
}

async function check(name: CheckName, run: () => Promise<void>): Promise<Check> {
  try {
    await run();
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Every check, each passed or failed with its reason; the entry is proven when all pass. */
export async function verifyEntryInclusion(entry: EntryProofData, checkpoint: CheckpointData, logKey: string): Promise<Check[]> {
  let signed: { size: number; root: Uint8Array } | null = null;
  return [
    await check('entryHash', async () => {
      if (toHex(await sha256(encoder.encode(entry.canonical))) !== entry.hash) throw new Error('SHA-256 of the canonical text is not the entry hash');
    }),
    await check('checkpointSignature', async () => {
      const [, size, root] = (await openNote(checkpoint.note, logKey)).split('\n');
      signed = { size: Number(size), root: fromBase64(root) };
    }),
    await check('checkpointText', async () => {
      if (!signed) throw new Error('no signed checkpoint to read');
      if (signed.size !== checkpoint.size || !same(signed.root, fromBase64(checkpoint.root))) throw new Error('the signed text does not say the size and root served beside it');
    }),
    await check('inclusion', async () => {
      if (!signed) throw new Error('no signed checkpoint to prove against');
      if (entry.treeSize !== signed.size) throw new Error(`the proof is against size ${entry.treeSize}, the checkpoint is of size ${signed.size}`);
      const leaf = await sha256(Uint8Array.of(0), Uint8Array.from(entry.hash.match(/../g) ?? [], (h) => parseInt(h, 16)));
      const root = await rootFromInclusionProof(entry.logIndex, entry.treeSize, leaf, entry.proof.map(fromBase64));
      if (!same(root, signed.root)) throw new Error('the root calculated from the proof is not the checkpoint’s');
    }),
  ];
}
