import { hash } from 'node:crypto';

/**
 * RFC 9162 §2.1 Merkle tree hashing and proofs (the tree of Certificate
 * Transparency, Go's checksum database and C2SP tlog-tiles). Verification
 * follows transparency-dev/merkle's `proof` package so that its test vectors
 * (../shared/data/merkle-testdata) pass unchanged.
 */

export const HASH_SIZE = 32;

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT = sha256(Buffer.alloc(0));

/** Leaf hash: SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

/**
 * Interior node hash: SHA-256(0x01 || left || right). The 65 bytes are laid
 * out in one reused buffer and hashed in one call (crypto.hash): the
 * integrator hashes about a node per entry, and a Hash object with three
 * updates cost a third more a node.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256(Buffer.concat([NODE_PREFIX, left, right]));
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return sha256(NODE_INPUT);
}

const LEAF_PREFIX = Buffer.of(0);
const NODE_PREFIX = Buffer.of(1);
const NODE_INPUT = Buffer.concat([NODE_PREFIX, Buffer.alloc(2 * HASH_SIZE)]);

function sha256(input: Buffer): Buffer {
  return hash('sha256', input, 'buffer');
}

/** A proof or tree that does not check out; the message says which part. */
export class MerkleProofError extends Error {}

/** A complete subtree: `2^level` leaves starting at leaf `index * 2^level`. */
export interface NodeId {
  level: number;
  index: number;
}

/** Largest power of two strictly below n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees, left to right and strictly shrinking, whose right
 * fold is the hash of the leaves [start, end). Every range an RFC 9162 proof
 * names decomposes this way, so a store of complete subtrees (tiles) answers it.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2;
    nodes.push({ level: Math.log2(size), index: at / size });
    at += size;
  }
  return nodes;
}

/** Right fold of a range's subtree hashes (see rangeNodes). */
export function foldRange(hashes: Uint8Array[]): Buffer {
  let hash: Buffer = Buffer.from(hashes[hashes.length - 1]);
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i], hash);
  return hash;
}

/** Root of a tree held entirely in memory (tests, small trees, the offline verifier's cross-checks). */
export function rootOfLeafHashes(leaves: Uint8Array[]): Buffer {
  if (leaves.length === 0) return Buffer.from(EMPTY_ROOT);
  let level: Buffer[] = leaves.map((leaf) => Buffer.from(leaf));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/**
 * What an inclusion proof for leaf `index` in a tree of `size` consists of:
 * one range of leaves per proof element, bottom up (RFC 9162 §2.1.3.1 PATH).
 */
export function inclusionProofRanges(index: number, size: number): Array<[number, number]> {
  if (!(index >= 0 && index < size)) throw new MerkleProofError(`index ${index} is not below tree size ${size}`);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index - start < k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
    }
  }
  return ranges.reverse();
}

/**
 * What a consistency proof from `size1` to `size2` consists of, bottom up
 * (RFC 9162 §2.1.4.1 SUBPROOF). Empty when the sizes are equal.
 */
export function consistencyProofRanges(size1: number, size2: number): Array<[number, number]> {
  if (!(size1 > 0 && size1 <= size2)) throw new MerkleProofError(`no consistency proof from size ${size1} to size ${size2}`);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let end = size2;
  let m = size1;
  let fromStart = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      m -= k;
      start += k;
      fromStart = false;
    }
  }
  if (!fromStart) ranges.push([start, end]);
  return ranges.reverse();
}

/** Every complete subtree a list of proof ranges needs, deduplicated. */
export function nodesForRanges(ranges: Array<[number, number]>): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [start, end] of ranges) for (const node of rangeNodes(start, end)) seen.set(`${node.level}/${node.index}`, node);
  return [...seen.values()];
}

/** Proof elements from the ranges and a reader of complete subtree hashes. */
export function assembleProof(ranges: Array<[number, number]>, node: (id: NodeId) => Uint8Array): Buffer[] {
  return ranges.map(([start, end]) => foldRange(rangeNodes(start, end).map(node)));
}

function checkSize(name: string, hash: Uint8Array): void {
  if (hash.length !== HASH_SIZE) throw new MerkleProofError(`${name} is ${hash.length} bytes, not ${HASH_SIZE}`);
}

function sameHash(calculated: Uint8Array, expected: Uint8Array, what: string): void {
  if (!Buffer.from(calculated).equals(Buffer.from(expected))) throw new MerkleProofError(`${what} does not match`);
}

/** Number of trailing zero bits of n > 0. */
function trailingZeros(n: number): number {
  let count = 0;
  while (n % 2 === 0) {
    n /= 2;
    count++;
  }
  return count;
}

/** Bit length of n ≥ 0. */
function bitLength(n: number): number {
  let bits = 0;
  while (n >= 1) {
    n = Math.floor(n / 2);
    bits++;
  }
  return bits;
}

/** Bit `bit` of n (n < 2^53). */
function bitSet(n: number, bit: number): boolean {
  return Math.floor(n / 2 ** bit) % 2 === 1;
}

function ones(n: number): number {
  let count = 0;
  for (; n >= 1; n = Math.floor(n / 2)) if (n % 2 === 1) count++;
  return count;
}

/** Split an inclusion proof into its inner part (below the fork from the right border) and border part. */
function decomposeInclusion(index: number, size: number): { inner: number; border: number } {
  const inner = bitLength(xor(index, size - 1));
  return { inner, border: ones(Math.floor(index / 2 ** inner)) };
}

function xor(a: number, b: number): number {
  const high = Math.floor(a / 2 ** 32) ^ Math.floor(b / 2 ** 32);
  const low = (a % 2 ** 32 ^ b % 2 ** 32) >>> 0;
  return (high >>> 0) * 2 ** 32 + low;
}

function chainInner(seed: Buffer, proof: Uint8Array[], index: number): Buffer {
  let hash = seed;
  proof.forEach((sibling, i) => {
    hash = bitSet(index, i) ? nodeHash(sibling, hash) : nodeHash(hash, sibling);
  });
  return hash;
}

function chainInnerRight(seed: Buffer, proof: Uint8Array[], index: number): Buffer {
  let hash = seed;
  proof.forEach((sibling, i) => {
    if (bitSet(index, i)) hash = nodeHash(sibling, hash);
  });
  return hash;
}

function chainBorderRight(seed: Buffer, proof: Uint8Array[]): Buffer {
  let hash = seed;
  for (const sibling of proof) hash = nodeHash(sibling, hash);
  return hash;
}

/** The root an inclusion proof leads to from `leaf` at `index` in a tree of `size`. */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: Uint8Array[]): Buffer {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new MerkleProofError(`index ${index} is not below tree size ${size}`);
  }
  checkSize('leaf hash', leaf);
  proof.forEach((element, i) => checkSize(`proof[${i}]`, element));
  const { inner, border } = decomposeInclusion(index, size);
  if (proof.length !== inner + border) throw new MerkleProofError(`proof has ${proof.length} hashes, not ${inner + border}`);
  return chainBorderRight(chainInner(Buffer.from(leaf), proof.slice(0, inner), index), proof.slice(inner));
}

/** Throws MerkleProofError unless `proof` shows `leaf` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): void {
  sameHash(rootFromInclusionProof(index, size, leaf, proof), root, 'root calculated from the inclusion proof');
}

/**
 * Throws MerkleProofError unless `proof` shows that the tree of `size1` with
 * `root1` is a prefix of the tree of `size2` with `root2`. A proof from the
 * empty tree is refused: it proves nothing.
 */
export function verifyConsistency(size1: number, size2: number, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0)) throw new MerkleProofError('tree sizes must be whole numbers');
  if (size2 < size1) throw new MerkleProofError(`size2 (${size2}) is below size1 (${size1})`);
  if (size1 === 0) throw new MerkleProofError('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length > 0) throw new MerkleProofError('sizes are equal but the proof is not empty');
    sameHash(root1, root2, 'root2');
    return;
  }
  if (proof.length === 0) throw new MerkleProofError('empty consistency proof');
  proof.forEach((element, i) => checkSize(`proof[${i}]`, element));
  const decomposed = decomposeInclusion(size1 - 1, size2);
  const shift = trailingZeros(size1);
  const inner = decomposed.inner - shift;
  // The proof starts with the root of the subtree of size 2^shift, unless size1 is that subtree.
  const seedIsRoot1 = size1 === 2 ** shift;
  const seed = Buffer.from(seedIsRoot1 ? root1 : proof[0]);
  const rest = proof.slice(seedIsRoot1 ? 0 : 1);
  if (rest.length !== inner + decomposed.border) {
    throw new MerkleProofError(`proof has ${proof.length} hashes, not ${(seedIsRoot1 ? 0 : 1) + inner + decomposed.border}`);
  }
  const mask = Math.floor((size1 - 1) / 2 ** shift);
  const hash1 = chainBorderRight(chainInnerRight(seed, rest.slice(0, inner), mask), rest.slice(inner));
  sameHash(hash1, root1, 'root1');
  const hash2 = chainBorderRight(chainInner(seed, rest.slice(0, inner), mask), rest.slice(inner));
  sameHash(hash2, root2, 'root2');
}
