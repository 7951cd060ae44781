import { Checkpoint, checkpointText, cosign, openCheckpoint, verifyCosignature } from './checkpoint';
import { assembleProof, consistencyProofRanges, leafHash, NodeId, rootOfLeafHashes } from './merkle';
import { COSIGNATURE_TYPE, generateSigner, parseNote, signNote } from './signed-note';
import { judgeCheckpoint, needsConsistencyProof } from './witness';

const log = generateSigner('test.example/ledger');
const leaves = (tag: string, n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${tag} ${i}`)));
const checkpointOf = (hashes: Buffer[]): Checkpoint => ({ origin: log.name, size: hashes.length, root: rootOfLeafHashes(hashes), extensions: [] });
/** A consistency proof computed from the leaves in memory. */
function proofOf(hashes: Buffer[], from: number, to: number): Buffer[] {
  const node = (id: NodeId) => rootOfLeafHashes(hashes.slice(id.index * 2 ** id.level, (id.index + 1) * 2 ** id.level));
  return assembleProof(consistencyProofRanges(from, to), node);
}

describe('a witness judging the log', () => {
  const history = leaves('entry', 20);
  const held = checkpointOf(history.slice(0, 7));

  it('accepts a first checkpoint, the same one again, and one that extends it', () => {
    expect(judgeCheckpoint(null, held, [])).toEqual({ ok: true });
    expect(judgeCheckpoint(held, held, [])).toEqual({ ok: true });
    const latest = checkpointOf(history);
    expect(needsConsistencyProof(held, latest)).toBe(true);
    expect(judgeCheckpoint(held, latest, proofOf(history, 7, 20))).toEqual({ ok: true });
  });

  it('refuses a rollback, a fork and a rewritten history', () => {
    expect(judgeCheckpoint(held, checkpointOf(history.slice(0, 6)), [])).toMatchObject({ ok: false, reason: 'ROLLBACK' });
    const rewritten = [...history.slice(0, 6), ...leaves('forged', 14)];
    expect(judgeCheckpoint(held, checkpointOf(rewritten.slice(0, 7)), [])).toMatchObject({ ok: false, reason: 'FORK' });
    expect(judgeCheckpoint(held, checkpointOf(rewritten), proofOf(rewritten, 7, 20))).toMatchObject({ ok: false, reason: 'INCONSISTENT' });
    expect(judgeCheckpoint(held, checkpointOf(history), [])).toMatchObject({ ok: false, reason: 'INCONSISTENT' });
  });

  it('opens only checkpoints the log signed under its own origin, and cosigns them', () => {
    const note = signNote(checkpointText(held), [log]);
    expect(openCheckpoint(note, log).size).toBe(7);
    expect(() => openCheckpoint(note, generateSigner(log.name))).toThrow(/not signed/);
    const stranger = generateSigner('other.example/ledger');
    expect(() => openCheckpoint(signNote(checkpointText(held), [stranger]), stranger)).toThrow(/origin/);
    const witness = generateSigner('witness.example', COSIGNATURE_TYPE);
    const cosigned = note + cosign(parseNote(note).text, witness, 1_700_000_000);
    expect(verifyCosignature(parseNote(cosigned), witness)).toBe(1_700_000_000);
  });
});
