import { EntityManager } from '@mikro-orm/postgresql';
import { Role, Viewer } from '../access/viewer';
import { assembleProof, consistencyProofRanges, HASH_SIZE, inclusionProofRanges, nodesForRanges } from '../proof/merkle';
import { nodeFromTiles, TILE_WIDTH, TileRef } from '../proof/tiles';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerError } from './ledger.errors';
import { checkCreditCode } from './ledger.service';
import { checkpointOfSize, cosignatureLines, entryWithCheckpoint, latestCheckpoint, readNodeTiles, readTile, StoredCheckpoint } from './log-store';
import { visibleEntries } from './movement-visibility';

/** An entry with its inclusion proof against a signed checkpoint (docs/log.md: hashes base64). */
export interface EntryProof {
  chain: string;
  seq: number;
  logIndex: number;
  treeSize: number;
  hash: string;
  canonical: string;
  proof: string[];
}

export interface ConsistencyProof {
  from: number;
  to: number;
  proof: string[];
}

/**
 * What the log proves to outsiders (docs/log.md, docs/verification.md):
 * signed checkpoints, an entry's inclusion in one, one checkpoint's
 * consistency with a later one, and the tiles themselves. Proofs are built
 * from a few tiles, never from the leaves, and only against sizes the log has
 * signed: a proof against an unsigned size would prove nothing to anyone.
 */
export class LogProofService {
  constructor(private readonly em: EntityManager) {}

  /** The latest checkpoint, its note followed by the witnesses' cosignatures of it. */
  async latestCheckpoint(): Promise<StoredCheckpoint> {
    const checkpoint = await latestCheckpoint(this.em);
    if (!checkpoint) throw LedgerError.noCheckpoint();
    return { ...checkpoint, note: checkpoint.note + (await cosignatureLines(this.em, checkpoint.size)) };
  }

  /**
   * The entry (only as the viewer may read it: its movements' rule) and its
   * inclusion proof; treeSize defaults to the latest checkpoint's. Two round
   * trips for a regulator or an enterprise: the entry with its log index and
   * the checkpoint, then the tiles; a partner's mandate is checked on the side.
   */
  async entryProof(viewer: Viewer, chain: string, seq: number, treeSize?: number | null): Promise<EntryProof> {
    checkCreditCode(chain, ['chain']);
    if (!Number.isSafeInteger(seq) || seq < 1) throw LedgerError.invalidArgument(['seq'], `seq is a whole number from 1, not ${seq}`);
    if (treeSize !== null && treeSize !== undefined && !(Number.isSafeInteger(treeSize) && treeSize >= 0)) throw LedgerError.invalidArgument(['treeSize'], `treeSize is a tree size, not ${treeSize}`);
    const visible = visibleEntries(viewer, chain);
    const [row] = await entryWithCheckpoint(this.em, chain, seq, treeSize ?? null);
    const seen = row && (viewer.role !== Role.PARTNER || (await this.em.count(LedgerEntry, { $and: [...visible, { id: row.id }] })) > 0);
    if (!seen) throw LedgerError.logEntryNotFound(chain, seq);
    if (row.checkpoint_size === null) throw treeSize === null || treeSize === undefined ? LedgerError.noCheckpoint() : LedgerError.checkpointNotFound(treeSize, ['treeSize']);
    const size = Number(row.checkpoint_size);
    const logIndex = row.log_index === null ? null : Number(row.log_index);
    if (logIndex === null || logIndex >= size) throw LedgerError.notYetLogged(chain, seq, size);
    const proof = await this.proof(inclusionProofRanges(logIndex, size));
    return { chain, seq, logIndex, treeSize: size, hash: row.hash, canonical: row.canonical, proof };
  }

  /** Proof that the checkpoint of size `from` is a prefix of the one of size `to` (both signed; `to` defaults to the latest). */
  async consistencyProof(from: number, to?: number | null): Promise<ConsistencyProof> {
    if (!Number.isSafeInteger(from) || from < 1) throw LedgerError.invalidArgument(['from'], `from is a tree size from 1, not ${from}`);
    const target = await this.checkpoint(to, ['to']);
    if (from > target.size) throw LedgerError.invalidArgument(['from'], `from (${from}) is beyond the checkpoint of size ${target.size}`);
    return { from, to: target.size, proof: await this.proof(consistencyProofRanges(from, target.size)) };
  }

  /**
   * A tile's hashes as C2SP tlog-tiles serves it: a full tile only once it is
   * full, a partial one of width W once the tree has W hashes there (tiles only
   * grow, so it is the stored tile's first W). Null when the tree has not got there.
   */
  async tile(ref: TileRef): Promise<Buffer | null> {
    const hashes = await readTile(this.em, ref);
    const width = ref.width ?? TILE_WIDTH;
    if (!hashes || hashes.length < width * HASH_SIZE) return null;
    return hashes.subarray(0, width * HASH_SIZE);
  }

  private async checkpoint(size: number | null | undefined, field: string[]): Promise<StoredCheckpoint> {
    if (size === null || size === undefined) {
      const latest = await latestCheckpoint(this.em);
      if (!latest) throw LedgerError.noCheckpoint();
      return latest;
    }
    if (!Number.isSafeInteger(size) || size < 0) throw LedgerError.invalidArgument(field, `${field[0]} is a tree size, not ${size}`);
    const checkpoint = await checkpointOfSize(this.em, size);
    if (!checkpoint) throw LedgerError.checkpointNotFound(size, field);
    return checkpoint;
  }

  private async proof(ranges: Array<[number, number]>): Promise<string[]> {
    const tiles = await readNodeTiles(this.em, nodesForRanges(ranges));
    return assembleProof(ranges, (node) => nodeFromTiles(node, tiles)).map((hash) => hash.toString('base64'));
  }
}
