import { foldRange, HASH_SIZE, NodeId, nodeHash, rangeNodes } from './merkle';

/**
 * The tree stored as C2SP tlog-tiles does (https://c2sp.org/tlog-tiles): a
 * tile at tile level L and index N holds up to 256 consecutive hashes of the
 * tree's level 8·L, those of the complete subtrees N·256 … N·256+255 there.
 * Level-0 tiles hold the leaf hashes; each full tile's root is the next
 * level's hash. Any complete subtree is computed from the one tile under it,
 * so a proof reads at most a few rows and never the leaves. The storage is
 * passed in: these functions only say which tiles they need and compute.
 */

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

export interface TileId {
  level: number;
  index: number;
}

export interface Tile extends TileId {
  /** Concatenated 32-byte hashes; a partial tile holds fewer than 256. */
  hashes: Buffer;
  /** The tile's interior hashes (tileInterior): what a proof reads instead of recomputing them. */
  interior: Buffer;
}

/**
 * Where the interior level h (1…7: the complete subtrees of 2^h of the
 * tile's hashes) starts in a tile's interior, in hashes: the levels follow one
 * another, each as wide as in a full tile (128, 64, …, 2 hashes; 254 in all).
 */
export const interiorOffset = (h: number): number => TILE_WIDTH - 2 ** (TILE_HEIGHT + 1 - h);
export const INTERIOR_SIZE = interiorOffset(TILE_HEIGHT) * HASH_SIZE;

/**
 * Every complete subtree inside a tile, levels 1 to 7, at the offsets
 * interiorOffset gives; zeros where a partial tile has no complete subtree
 * yet. Stored with the tile, so that a proof reads each of its hashes
 * (docs/log.md) instead of hashing up to 255 of them per tile level: that
 * hashing was most of an entry proof's time. Also returns the tile's own
 * root when it is full (the next tile level's hash), computed on the way.
 */
export function tileInterior(hashes: Buffer): { interior: Buffer; root: Buffer | null } {
  const interior = Buffer.alloc(INTERIOR_SIZE);
  let below = hashes;
  for (let h = 1; h < TILE_HEIGHT; h++) {
    const width = Math.floor(below.length / HASH_SIZE / 2);
    for (let i = 0; i < width; i++) {
      nodeHash(below.subarray(2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE), below.subarray((2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE)).copy(interior, (interiorOffset(h) + i) * HASH_SIZE);
    }
    below = interior.subarray(interiorOffset(h) * HASH_SIZE, (interiorOffset(h) + width) * HASH_SIZE);
  }
  const full = hashes.length === TILE_WIDTH * HASH_SIZE;
  return { interior, root: full ? nodeHash(below.subarray(0, HASH_SIZE), below.subarray(HASH_SIZE)) : null };
}

/**
 * A complete subtree's hash from what the store gives for it (docs/log.md):
 * its one stored hash, or, from a tile stored without its interior, the run
 * of 2^h tile hashes under it, folded here.
 */
export function nodeFromSlice(slice: Buffer): Buffer {
  const count = slice.length / HASH_SIZE;
  if (!Number.isInteger(Math.log2(count))) throw new Error(`a node's slice holds ${count} hashes, not a power of two`);
  return perfectRoot(slice, 0, count);
}

export const tileKey = (t: TileId) => `${t.level}/${t.index}`;

/** Number of hashes at tile level L's row in a tree of `size` leaves. */
export function rowWidth(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The tile holding a complete subtree, and where in the tile its hashes lie. */
function locate(node: NodeId): { tile: TileId; from: number; count: number } {
  const level = Math.floor(node.level / TILE_HEIGHT);
  const count = 2 ** (node.level - level * TILE_HEIGHT);
  const first = node.index * count;
  return { tile: { level, index: Math.floor(first / TILE_WIDTH) }, from: first % TILE_WIDTH, count };
}

export function tilesForNodes(nodes: NodeId[]): TileId[] {
  const seen = new Map<string, TileId>();
  for (const node of nodes) {
    const { tile } = locate(node);
    seen.set(tileKey(tile), tile);
  }
  return [...seen.values()];
}

function hashAt(hashes: Buffer, i: number): Buffer {
  if ((i + 1) * HASH_SIZE > hashes.length) throw new Error(`tile holds ${hashes.length / HASH_SIZE} hashes, not ${i + 1}`);
  return hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
}

/** Root of the perfect subtree over `count` (a power of two) hashes of a row starting at `from`. */
function perfectRoot(hashes: Buffer, from: number, count: number): Buffer {
  if (count === 1) return hashAt(hashes, from);
  const half = count / 2;
  return nodeHash(perfectRoot(hashes, from, half), perfectRoot(hashes, from + half, half));
}

/** A complete subtree's hash from the tiles read (keyed by tileKey). */
export function nodeFromTiles(node: NodeId, tiles: Map<string, Buffer>): Buffer {
  const { tile, from, count } = locate(node);
  const hashes = tiles.get(tileKey(tile));
  if (!hashes) throw new Error(`tile ${tileKey(tile)} was not read`);
  return perfectRoot(hashes, from, count);
}

/** The right-edge tiles a tree of `size` has partly filled: what appending reads. */
export function edgeTiles(size: number): TileId[] {
  const tiles: TileId[] = [];
  for (let level = 0; rowWidth(level, size) > 0; level++) {
    const width = rowWidth(level, size);
    if (width % TILE_WIDTH !== 0) tiles.push({ level, index: Math.floor(width / TILE_WIDTH) });
  }
  return tiles;
}

export interface Appended {
  size: number;
  root: Buffer;
  /** Every tile the leaves changed or created, with its full contents: write each over its old version. */
  tiles: Tile[];
}

/**
 * Append leaf hashes to a tree of `size` whose edge tiles are `edge` (keyed by
 * tileKey, as edgeTiles names them). Returns the tiles to write and the new root.
 */
export function appendLeaves(size: number, edge: Map<string, Buffer>, leaves: Buffer[]): Appended {
  const newSize = size + leaves.length;
  const written = new Map<string, Tile>();
  let added: Buffer[] = leaves;
  for (let level = 0; rowWidth(level, newSize) > 0; level++) {
    const oldWidth = rowWidth(level, size);
    const newWidth = rowWidth(level, newSize);
    if (newWidth === oldWidth) break;
    const firstTile = Math.floor(oldWidth / TILE_WIDTH);
    const kept = oldWidth % TILE_WIDTH === 0 ? Buffer.alloc(0) : edge.get(tileKey({ level, index: firstTile }));
    if (!kept || kept.length !== (oldWidth % TILE_WIDTH) * HASH_SIZE) throw new Error(`edge tile ${level}/${firstTile} was not read whole`);
    // The row from the start of its first changed tile.
    const row = Buffer.concat([kept, ...added]);
    // Tiles filled by this append give the next level its new hashes.
    added = [];
    for (let index = firstTile; index * TILE_WIDTH < newWidth; index++) {
      const start = (index - firstTile) * TILE_WIDTH * HASH_SIZE;
      const hashes = row.subarray(start, start + TILE_WIDTH * HASH_SIZE);
      const { interior, root } = tileInterior(hashes);
      written.set(tileKey({ level, index }), { level, index, hashes, interior });
      if (root) added.push(root);
    }
  }
  const tiles = new Map(edge);
  for (const [key, tile] of written) tiles.set(key, tile.hashes);
  const root = newSize === 0 ? null : foldRange(rangeNodes(0, newSize).map((node) => nodeFromTiles(node, tiles)));
  if (!root) throw new Error('appendLeaves needs at least one leaf in the tree');
  return { size: newSize, root, tiles: [...written.values()] };
}

/** A tile as C2SP tlog-tiles names it: `width` null for a full tile, else the partial tile's 1…255 hashes. */
export interface TileRef extends TileId {
  width: number | null;
}

/** The tile's path below the log's prefix: `tile/<L>/<N>[.p/<W>]`, N in 3-digit groups, all but the last with an `x`. */
export function tilePath(ref: TileRef): string {
  const groups: string[] = [];
  let n = ref.index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  const index = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `tile/${ref.level}/${index}${ref.width === null ? '' : `.p/${ref.width}`}`;
}

/**
 * The longest entry a C2SP tlog-tiles entry bundle carries: its length is a
 * big-endian uint16. The ledger refuses at append what would not fit
 * (src/ledger/movement-submission.ts MAX_INPUTS, docs/log.md).
 */
export const MAX_BUNDLE_ENTRY_BYTES = 0xffff;

/** An entry too long for an entry bundle, at `position` in the bundle. */
export class EntryTooLongForBundle extends Error {
  constructor(
    readonly position: number,
    readonly bytes: number,
  ) {
    super(`entry ${position} of the bundle is ${bytes} bytes; an entry bundle carries at most ${MAX_BUNDLE_ENTRY_BYTES}`);
  }
}

/**
 * A C2SP tlog-tiles entry bundle: the log entries of one level-0 tile, each
 * its UTF-8 bytes after their length as a big-endian uint16. The log's entry
 * is the ledger entry's canonical text: its leaf hash is
 * SHA-256(0x00 || SHA-256(text)), so anyone recomputes the tile from it.
 */
export function entryBundle(texts: string[]): Buffer {
  return Buffer.concat(
    texts.flatMap((text, position) => {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length > MAX_BUNDLE_ENTRY_BYTES) throw new EntryTooLongForBundle(position, bytes.length);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(bytes.length);
      return [length, bytes];
    }),
  );
}

/** Reads an entry bundle path `tile/entries/<N>[.p/<W>]` (N as tilePath writes it); null for anything else. */
export function parseEntryBundlePath(path: string): { index: number; width: number | null } | null {
  if (!path.startsWith('tile/entries/')) return null;
  const ref = parseTilePath(`tile/0/${path.slice('tile/entries/'.length)}`);
  return ref && { index: ref.index, width: ref.width };
}

const TILE_PATH = /^tile\/(0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Reads a tile path as tilePath writes it (the only spelling C2SP allows); null for anything else. */
export function parseTilePath(path: string): TileRef | null {
  const match = TILE_PATH.exec(path);
  if (!match) return null;
  const [, level, prefix, last, width] = match;
  const groups = [...prefix.split('/').filter(Boolean).map((g) => g.slice(1)), last];
  // A leading group of zeros would be a second spelling of the same index.
  if (groups.length > 1 && groups[0] === '000') return null;
  const index = groups.reduce((n, g) => n * 1000 + Number(g), 0);
  const ref = { level: Number(level), index, width: width === undefined ? null : Number(width) };
  if (ref.level > 63 || !Number.isSafeInteger(index) || (ref.width !== null && ref.width >= TILE_WIDTH)) return null;
  return ref;
}
