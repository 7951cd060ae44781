/**
 * Entry bundles (C2SP tlog-tiles `tile/entries/<N>`, docs/log.md) for the
 * independent verifier: the canonical texts of one level-0 tile, each after
 * its length as a big-endian uint16. Each text's leaf hash is recomputed; the
 * tile of hashes, when given, must be exactly those; and a full tile is tied
 * to a signed checkpoint by the inclusion proof of its first entry, whose
 * first 8 hashes must fold the tile's leaves into the tile's root.
 */
import { createHash } from 'node:crypto';
import { leafHash, LogCheckError, rootFromInclusion } from './log.mjs';

const TILE_WIDTH = 256;

/** The texts of an entry bundle, in log order. */
export function readEntryBundle(bytes) {
  const texts = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 2 > bytes.length) throw new LogCheckError('BUNDLE_MALFORMED', `the bundle ends inside an entry's length at byte ${at}`);
    const length = bytes.readUInt16BE(at);
    if (at + 2 + length > bytes.length) throw new LogCheckError('BUNDLE_MALFORMED', `entry ${texts.length} runs past the bundle's end`);
    texts.push(bytes.subarray(at + 2, at + 2 + length).toString('utf8'));
    at += 2 + length;
  }
  if (texts.length === 0 || texts.length > TILE_WIDTH) throw new LogCheckError('BUNDLE_MALFORMED', `a bundle holds 1 to 256 entries, not ${texts.length}`);
  return texts;
}

const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

/** Root of a perfect tree over leaf hashes (a power of two of them). */
function perfectRoot(hashes) {
  let level = hashes;
  while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => sha256(Buffer.of(1), level[2 * i], level[2 * i + 1]));
  return level[0];
}

/**
 * Checks a bundle of tile `index`: against `tile` (its level-0 hashes, a
 * Buffer) when given, and against `checkpoint` ({size, root}) with `proof`
 * (GET /log/entries/…/proof of its first entry) when given. Throws
 * LogCheckError naming what does not hold; returns what was checked.
 */
export function checkEntryBundle(texts, index, { tile = null, checkpoint = null, proof = null } = {}) {
  const leaves = texts.map((text) => leafHash(sha256(Buffer.from(text, 'utf8')).toString('hex')));
  if (tile) {
    if (tile.length !== leaves.length * 32) throw new LogCheckError('TILE_MISMATCH', `the tile holds ${tile.length / 32} hashes, the bundle ${leaves.length} entries`);
    const wrong = leaves.findIndex((leaf, i) => !leaf.equals(tile.subarray(i * 32, i * 32 + 32)));
    if (wrong >= 0) throw new LogCheckError('TILE_MISMATCH', `entry ${wrong} of the bundle (log index ${index * TILE_WIDTH + wrong}) is not the tile's leaf there`);
  }
  if (!checkpoint) return { entries: texts.length, tile: Boolean(tile), treeSize: null };
  if (leaves.length !== TILE_WIDTH) throw new LogCheckError('BUNDLE_PARTIAL', 'only a full bundle (256 entries) is tied to a checkpoint');
  const first = index * TILE_WIDTH;
  if (!proof || proof.logIndex !== first || proof.treeSize !== checkpoint.size || proof.canonical !== texts[0]) {
    throw new LogCheckError('NOT_IN_LOG', `the proof given is not of log index ${first}, the bundle's first entry, against the checkpoint of size ${checkpoint.size}`);
  }
  const hashes = proof.proof.map((h) => Buffer.from(h, 'base64'));
  const folded = hashes.slice(0, 8).reduce((h, sibling) => sha256(Buffer.of(1), h, sibling), leaves[0]);
  const root = rootFromInclusion(first, checkpoint.size, leaves[0], hashes);
  if (hashes.length < 8 || !folded.equals(perfectRoot(leaves)) || !root?.equals(checkpoint.root)) {
    throw new LogCheckError('NOT_IN_LOG', `the bundle's entries are not the tile at log index ${first} of the checkpoint of size ${checkpoint.size}: the log holds another history`);
  }
  return { entries: texts.length, tile: Boolean(tile), treeSize: checkpoint.size };
}
