import { assembleProof, consistencyProofRanges, inclusionProofRanges, leafHash, NodeId, nodesForRanges, rootOfLeafHashes, verifyConsistency, verifyInclusion } from './merkle';
import { appendLeaves, edgeTiles, entryBundle, EntryTooLongForBundle, parseEntryBundlePath, interiorOffset, INTERIOR_SIZE, nodeFromSlice, nodeFromTiles, parseTilePath, Tile, TILE_WIDTH, tileKey, tilePath, tilesForNodes } from './tiles';

/** A tile store in memory, as the log's table holds it. */
class Store {
  tiles = new Map<string, Buffer>();
  interiors = new Map<string, Buffer>();
  size = 0;
  root: Buffer = Buffer.alloc(0);
  append(leaves: Buffer[]): void {
    const edge = new Map(edgeTiles(this.size).map((id) => [tileKey(id), this.tiles.get(tileKey(id))!]));
    const appended = appendLeaves(this.size, edge, leaves);
    appended.tiles.forEach((t: Tile) => {
      this.tiles.set(tileKey(t), Buffer.from(t.hashes));
      this.interiors.set(tileKey(t), Buffer.from(t.interior));
    });
    this.size = appended.size;
    this.root = appended.root;
  }
  read(ranges: Array<[number, number]>): Buffer[] {
    const needed = tilesForNodes(nodesForRanges(ranges));
    const map = new Map(needed.map((id) => [tileKey(id), this.tiles.get(tileKey(id))!]));
    return assembleProof(ranges, (node) => nodeFromTiles(node, map));
  }
  /** What the log's store reads for a node (log-store.ts NODE_SLICES): one stored hash, or with `withoutInterior` the run under it. */
  slice(node: NodeId, withoutInterior = false): Buffer {
    const h = node.level % 8;
    const p = node.index % 2 ** (8 - h);
    const key = tileKey({ level: Math.floor(node.level / 8), index: Math.floor(node.index / 2 ** (8 - h)) });
    if (h === 0) return this.tiles.get(key)!.subarray(p * 32, p * 32 + 32);
    if (withoutInterior) return this.tiles.get(key)!.subarray(p * 2 ** h * 32, (p + 1) * 2 ** h * 32);
    return this.interiors.get(key)!.subarray((interiorOffset(h) + p) * 32, (interiorOffset(h) + p + 1) * 32);
  }
  readSlices(ranges: Array<[number, number]>, withoutInterior = false): Buffer[] {
    return assembleProof(ranges, (node) => nodeFromSlice(this.slice(node, withoutInterior)));
  }
}

const leaves = (from: number, count: number) => Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`entry ${from + i}`)));

describe('the tree in tiles of 256 hashes', () => {
  it('gives the same root as the tree in memory after every batch, across three tile levels', () => {
    const store = new Store();
    const all: Buffer[] = [];
    const batches = [1, 1, 254, 1, 300, 4096, 65536 - 4653, 1, 255, 256 * 3 + 7];
    for (const count of batches) {
      const batch = leaves(all.length, count);
      all.push(...batch);
      store.append(batch);
      expect(store.size).toBe(all.length);
      expect(store.root.equals(rootOfLeafHashes(all))).toBe(true);
    }
    expect(store.tiles.has('2/0')).toBe(true);
    // Full tiles stay 256 hashes; a partial one holds exactly what the row has.
    expect(store.tiles.get('0/0')!.length).toBe(TILE_WIDTH * 32);
    expect(store.tiles.get(`0/${Math.floor(all.length / 256)}`)!.length).toBe((all.length % 256) * 32);
  });

  it('answers inclusion and consistency proofs that verify against the roots', () => {
    const store = new Store();
    const all: Buffer[] = [];
    const roots: Buffer[] = [];
    for (const count of [3, 250, 7, 600, 1, 70]) {
      const batch = leaves(all.length, count);
      all.push(...batch);
      store.append(batch);
      roots[store.size] = store.root;
    }
    const sizes = Object.keys(roots).map(Number);
    for (const size of sizes) {
      for (const index of [0, 1, 255, 256, 257, size - 1].filter((i) => i < size)) {
        const ranges = inclusionProofRanges(index, size);
        for (const proof of [store.read(ranges), store.readSlices(ranges), store.readSlices(ranges, true)]) verifyInclusion(index, size, all[index], proof, roots[size]);
      }
      for (const older of sizes.filter((s) => s <= size)) {
        const ranges = consistencyProofRanges(older, size);
        for (const proof of [store.read(ranges), store.readSlices(ranges), store.readSlices(ranges, true)]) verifyConsistency(older, size, proof, roots[older], roots[size]);
      }
    }
  });

  it("keeps each tile's interior: every complete subtree inside it at its level's offset, zeros where there is none yet", () => {
    const store = new Store();
    const all = leaves(0, 256 + 77);
    store.append(all.slice(0, 200));
    store.append(all.slice(200));
    for (const [index, width] of [[0, 256], [1, 77]]) {
      const interior = store.interiors.get(tileKey({ level: 0, index }))!;
      expect(interior.length).toBe(INTERIOR_SIZE);
      for (let h = 1; h < 8; h++) {
        for (let p = 0; p < 2 ** (8 - h); p++) {
          const at = interior.subarray((interiorOffset(h) + p) * 32, (interiorOffset(h) + p + 1) * 32);
          const under = all.slice(index * 256 + p * 2 ** h, index * 256 + (p + 1) * 2 ** h);
          expect(at.equals((p + 1) * 2 ** h <= width ? rootOfLeafHashes(under) : Buffer.alloc(32))).toBe(true);
        }
      }
    }
    expect(() => nodeFromSlice(Buffer.alloc(96))).toThrow(/not a power of two/);
  });

  it('refuses to append on an edge tile that was not read whole', () => {
    const store = new Store();
    store.append(leaves(0, 5));
    expect(() => appendLeaves(5, new Map(), leaves(5, 1))).toThrow(/edge tile 0\/0/);
  });
});

describe('entry bundles (C2SP tlog-tiles)', () => {
  it('writes each text after its UTF-8 length as a big-endian uint16, and refuses one that does not fit', () => {
    expect(entryBundle(['{"a":1}', '批'])).toEqual(Buffer.concat([Buffer.from([0, 7]), Buffer.from('{"a":1}'), Buffer.from([0, 3]), Buffer.from('批')]));
    expect(entryBundle(['x'.repeat(65_535)]).readUInt16BE(0)).toBe(65_535);
    expect(() => entryBundle(['a', 'x'.repeat(65_536)])).toThrow(expect.objectContaining({ position: 1, bytes: 65_536 }));
    expect(() => entryBundle(['批'.repeat(21_846)])).toThrow(EntryTooLongForBundle);
    expect(parseEntryBundlePath('tile/entries/x001/234')).toEqual({ index: 1234, width: null });
    expect(parseEntryBundlePath('tile/entries/000.p/9')).toEqual({ index: 0, width: 9 });
    for (const bad of ['tile/entries/1', 'tile/0/000', 'tile/entries/000.p/256']) expect(parseEntryBundlePath(bad)).toBeNull();
  });
});

describe('tile paths (C2SP tlog-tiles)', () => {
  it('writes the index in 3-digit groups and reads back only that spelling', () => {
    expect(tilePath({ level: 0, index: 0, width: null })).toBe('tile/0/000');
    expect(tilePath({ level: 1, index: 1234067, width: 7 })).toBe('tile/1/x001/x234/067.p/7');
    expect(tilePath({ level: 2, index: 1000, width: null })).toBe('tile/2/x001/000');
    for (const ref of [{ level: 0, index: 0, width: null }, { level: 3, index: 1234067, width: 255 }, { level: 63, index: 999, width: 1 }]) {
      expect(parseTilePath(tilePath(ref))).toEqual(ref);
    }
    for (const bad of ['tile/0/0', 'tile/0/x000/001', 'tile/01/000', 'tile/0/000.p/0', 'tile/0/000.p/256', 'tile/64/000', 'tile/0/001/002', 'tile/entries/000', 'tile/0/000.p/07']) {
      expect(parseTilePath(bad)).toBeNull();
    }
  });
});
