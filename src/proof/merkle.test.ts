import fs from 'node:fs';
import path from 'node:path';
import {
  assembleProof,
  consistencyProofRanges,
  EMPTY_ROOT,
  inclusionProofRanges,
  leafHash,
  MerkleProofError,
  NodeId,
  rootOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const FIXTURES = path.join(__dirname, '../../test/fixtures/merkle');
const b64 = (s: string) => Buffer.from(s, 'base64');

interface InclusionCase { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; desc: string; wantErr: boolean }
interface ConsistencyCase { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; desc: string; wantErr: boolean }

const inclusion: Record<string, InclusionCase> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'inclusion.json'), 'utf8'));
const consistency: Record<string, ConsistencyCase> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'consistency.json'), 'utf8'));

/** The README's reference tree: eight leaves and its roots for sizes 1..8. */
const REFERENCE_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const REFERENCE_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const referenceLeaves = REFERENCE_LEAVES.map((hex) => leafHash(Buffer.from(hex, 'hex')));

/** A node reader over leaves in memory, as the tile store answers it. */
function nodeReader(leaves: Buffer[]): (id: NodeId) => Buffer {
  return ({ level, index }) => rootOfLeafHashes(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));
}

describe('RFC 6962 test vectors (transparency-dev/merkle testdata)', () => {
  it('holds every case of both kinds', () => {
    expect(Object.keys(inclusion)).toHaveLength(98);
    expect(Object.keys(consistency)).toHaveLength(98);
  });

  it.each(Object.entries(inclusion))('inclusion %s', (_name, c) => {
    const check = () => verifyInclusion(c.leafIdx, c.treeSize, b64(c.leafHash), (c.proof ?? []).map(b64), b64(c.root));
    if (c.wantErr) expect(check).toThrow(MerkleProofError);
    else expect(check).not.toThrow();
  });

  it.each(Object.entries(consistency))('consistency %s', (_name, c) => {
    const check = () => verifyConsistency(c.size1, c.size2, (c.proof ?? []).map(b64), b64(c.root1), b64(c.root2));
    if (c.wantErr) expect(check).toThrow(MerkleProofError);
    else expect(check).not.toThrow();
  });
});

describe('the reference tree of the README', () => {
  it('has the published root at every size, and the empty tree hashes to SHA-256("")', () => {
    REFERENCE_ROOTS.forEach((hex, i) => expect(rootOfLeafHashes(referenceLeaves.slice(0, i + 1)).toString('hex')).toBe(hex));
    expect(rootOfLeafHashes([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('builds the vectors’ happy-path proofs exactly', () => {
    const read = nodeReader(referenceLeaves);
    const happyInclusion = Object.entries(inclusion).filter(([name]) => name.endsWith('happy-path.json')).map(([, c]) => c);
    const happyConsistency = Object.entries(consistency).filter(([name]) => name.endsWith('happy-path.json')).map(([, c]) => c);
    let built = 0;
    for (const c of happyInclusion) {
      if (!b64(c.root).equals(rootOfLeafHashes(referenceLeaves.slice(0, c.treeSize))) || c.treeSize > 8) continue;
      expect(assembleProof(inclusionProofRanges(c.leafIdx, c.treeSize), read).map((h) => h.toString('base64'))).toEqual(c.proof ?? []);
      built++;
    }
    for (const c of happyConsistency) {
      if (c.size2 > 8 || !b64(c.root2).equals(rootOfLeafHashes(referenceLeaves.slice(0, c.size2)))) continue;
      expect(assembleProof(consistencyProofRanges(c.size1, c.size2), read).map((h) => h.toString('base64'))).toEqual(c.proof ?? []);
      built++;
    }
    expect(built).toBeGreaterThanOrEqual(2);
  });
});

describe('proofs built from complete subtrees verify against the in-memory root', () => {
  const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

  it('inclusion, for every leaf of every tree up to 40 leaves', () => {
    for (let size = 1; size <= 40; size++) {
      const leaves = leavesOf(size);
      const root = rootOfLeafHashes(leaves);
      const read = nodeReader(leaves);
      for (let index = 0; index < size; index++) {
        const proof = assembleProof(inclusionProofRanges(index, size), read);
        expect(() => verifyInclusion(index, size, leaves[index], proof, root)).not.toThrow();
        if (size > 1) expect(() => verifyInclusion(index, size, leaves[(index + 1) % size], proof, root)).toThrow(MerkleProofError);
      }
    }
  });

  it('consistency, between any two sizes up to 40, and a rewritten leaf breaks it', () => {
    const leaves = leavesOf(40);
    const read = nodeReader(leaves);
    for (let size1 = 1; size1 <= 40; size1++) {
      for (let size2 = size1; size2 <= 40; size2++) {
        const proof = assembleProof(consistencyProofRanges(size1, size2), read);
        const root1 = rootOfLeafHashes(leaves.slice(0, size1));
        verifyConsistency(size1, size2, proof, root1, rootOfLeafHashes(leaves.slice(0, size2)));
        if (size1 === size2) continue;
        const forged = leaves.slice(0, size2);
        forged[(size1 + size2) % size1] = leafHash(Buffer.from('forged'));
        const forgedProof = assembleProof(consistencyProofRanges(size1, size2), nodeReader(forged));
        expect(() => verifyConsistency(size1, size2, forgedProof, root1, rootOfLeafHashes(forged))).toThrow(MerkleProofError);
      }
    }
  });

  it('refuses to build proofs outside the tree', () => {
    expect(() => inclusionProofRanges(3, 3)).toThrow(MerkleProofError);
    expect(() => consistencyProofRanges(0, 3)).toThrow(MerkleProofError);
    expect(() => consistencyProofRanges(4, 3)).toThrow(MerkleProofError);
  });
});
