import { Checkpoint } from './checkpoint';
import { MerkleProofError, verifyConsistency } from './merkle';

/**
 * A witness's judgement (docs/verification.md): the log's latest checkpoint
 * against the last one the witness cosigned. Both are already known to be
 * signed by the log, so a refusal here is evidence: two signed statements
 * about history that cannot both be true.
 */
export type WitnessVerdict =
  | { ok: true }
  | {
      ok: false;
      /** ROLLBACK: the tree shrank; FORK: same size, another root; INCONSISTENT: the consistency proof fails. */
      reason: 'ROLLBACK' | 'FORK' | 'INCONSISTENT';
      message: string;
    };

/** Whether the witness needs a consistency proof from `held` to `latest` before judging. */
export function needsConsistencyProof(held: Checkpoint | null, latest: Checkpoint): boolean {
  return held !== null && held.size > 0 && latest.size > held.size;
}

export function judgeCheckpoint(held: Checkpoint | null, latest: Checkpoint, proof: Uint8Array[]): WitnessVerdict {
  if (!held) return { ok: true };
  if (latest.size < held.size) return { ok: false, reason: 'ROLLBACK', message: `the log's tree has ${latest.size} entries, the witness holds a checkpoint of ${held.size}` };
  if (latest.size === held.size) {
    return latest.root.equals(held.root) ? { ok: true } : { ok: false, reason: 'FORK', message: `two checkpoints of size ${held.size} with different roots` };
  }
  if (held.size === 0) return { ok: true };
  try {
    verifyConsistency(held.size, latest.size, proof, held.root, latest.root);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof MerkleProofError)) throw error;
    return { ok: false, reason: 'INCONSISTENT', message: `the checkpoint of size ${latest.size} does not extend the one of size ${held.size}: ${error.message}` };
  }
}
