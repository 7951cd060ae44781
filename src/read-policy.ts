import { describeViewer, Role, Viewer } from './access/viewer';
import type { Context } from './graphql/context';

/**
 * What the ledger proves answers from the primary only, so it never answers from data older than
 * the checkpoint it names: chain verification, inclusion and consistency proofs, checkpoints.
 */
const PROOFS = new Set(['verifyChain', 'chain', 'entryProof', 'consistencyProof', 'logCheckpoint', 'logKey', 'logWitnesses']);

/** Traces, EPCIS queries and the console's dashboards: any caller's read of these may use a replica. */
const REPLICA_READS = new Set(['traceBatch', 'epcisEvents', 'supervisionOverview', 'evaluationAnalysis', 'majorHazardStatus', 'keyUnitsNotCovered', 'licensingProcessingTimes']);

/**
 * Which queries read a replica: a partner department's, an export's pages, and those made only of
 * traces, EPCIS and dashboard fields; never one asking for a proof. Read-your-writes is not decided
 * here: ReadReplicas only picks a replica that has replayed the caller's last write.
 */
export function mayReadReplica(rootFields: string[], context: Context): boolean {
  if (rootFields.length === 0 || rootFields.some((f) => PROOFS.has(f))) return false;
  if (context.viewer.role === Role.PARTNER || context.preferReplica) return true;
  return rootFields.every((f) => REPLICA_READS.has(f));
}

/**
 * Whose last write a read must see: an enterprise's, whichever of its keys or users wrote (its system
 * records with one key and reads its stock with another); any other caller's own; nobody for an
 * anonymous caller.
 */
export function readCaller(viewer: Viewer): string | null {
  if (viewer.role === null) return null;
  return viewer.role === Role.ENTERPRISE ? `enterprise:${viewer.enterprise}` : describeViewer(viewer);
}
