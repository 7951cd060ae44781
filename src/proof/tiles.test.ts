import { assembleProof, consistencyProofRanges, inclusionProofRanges, leafHash, nodesForRanges, rootOfLeafHashes, verifyConsistency, verifyInclusion } from './merkle';
import { appendLeaves, edgeTiles, nodeFromTiles, parseTilePath, Tile, TILE_WIDTH, tileKey, tilePath, tilesForNodes } from './tiles';

/** A tile store in memory, as the log's table holds it. */
class Store {
  tiles = new Map<string, Buffer>();
  size = 0;
  root: Buffer = Buffer.alloc(0);
  append(leaves: Buffer[]): void {
    const edge = new Map(edgeTiles(this.size).map((id) => [tileKey(id), this.tiles.get(tileKey(id))!]));
    const appended = appendLeaves(this.size, edge, leaves);
    appended.tiles.forEach((t: Tile) => this.tiles.set(tileKey(t), Buffer.from(t.hashes)));
    this.size = appended.size;
    this.root = appended.root;
  }
  read(ranges: Array<[number, number]>): Buffer[] {
    const needed = tilesForNodes(nodesForRanges(ranges));
    const map = new Map(needed.map((id) => [tileKey(id), this.tiles.get(tileKey(id))!]));
    return assembleProof(ranges, (node) => nodeFromTiles(node, map));
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
        verifyInclusion(index, size, all[index], store.read(inclusionProofRanges(index, size)), roots[size]);
      }
      for (const older of sizes.filter((s) => s <= size)) {
        verifyConsistency(older, size, store.read(consistencyProofRanges(older, size)), roots[older], roots[size]);
      }
    }
  });

  it('refuses to append on an edge tile that was not read whole', () => {
    const store = new Store();
    store.append(leaves(0, 5));
    expect(() => appendLeaves(5, new Map(), leaves(5, 1))).toThrow(/edge tile 0\/0/);
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
