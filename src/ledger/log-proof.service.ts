import { EntityManager } from '@mikro-orm/postgresql';
import type { WriteInRead } from '../db/raw-query';
import { Role, Viewer } from '../access/viewer';
import { assembleProof, consistencyProofRanges, HASH_SIZE, inclusionProofRanges, nodesForRanges } from '../proof/merkle';
import { entryBundle, EntryTooLongForBundle, MAX_BUNDLE_ENTRY_BYTES, TILE_WIDTH, TileRef } from '../proof/tiles';
import { areaTown } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { AccessError } from '../shared/domain-error';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerError } from './ledger.errors';
import { checkCreditCode } from './ledger.service';
import { checkpointOfSize, entriesInLog, entryInLog, latestCheckpoint, latestCosignedCheckpoint, readNodes, readTile, StoredCheckpoint } from './log-store';
import { visibleEntries } from './movement-visibility';
import { assertNamedInArea } from '../registry/named-in-area';

/** The largest seq a chain can hold: ledger_entry.seq is an int4. */
export const MAX_SEQ = 2_147_483_647;

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
  private fork?: EntityManager;

  /** `em` may be the ORM's root manager (the REST routes': no fork a request for its raw reads). */
  constructor(private readonly em: EntityManager) {}

  /** For entity reads: a fork of its own, made when first needed (a town regulator's or a partner's proof). */
  private get entities(): EntityManager {
    return (this.fork ??= this.em.fork());
  }

  /** The latest checkpoint, its note followed by the witnesses' cosignatures of it. */
  async latestCheckpoint(): Promise<StoredCheckpoint> {
    const checkpoint = await latestCosignedCheckpoint(this.em);
    if (!checkpoint) throw LedgerError.noCheckpoint();
    return checkpoint;
  }

  /**
   * The entry (only as the viewer may read it: its movements' rule) and its
   * inclusion proof; treeSize defaults to the latest checkpoint's. One
   * statement for a regulator or an enterprise: the entry, its log index, the
   * checkpoint and the proof's stored subtree hashes (entryInLog), with the
   * request's audit row when `audit` gives one; a partner's mandate is checked
   * first, on the side.
   */
  async entryProof(viewer: Viewer, chain: string, seq: number, treeSize?: number | null, audit?: WriteInRead): Promise<EntryProof> {
    checkCreditCode(chain, ['chain']);
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) throw LedgerError.invalidArgument(['seq'], `seq is a whole number from 1 to ${MAX_SEQ}, not ${seq}`);
    if (treeSize !== null && treeSize !== undefined && !(Number.isSafeInteger(treeSize) && treeSize >= 0)) throw LedgerError.invalidArgument(['treeSize'], `treeSize is a tree size, not ${treeSize}`);
    const visible = visibleEntries(viewer, chain);
    if (areaTown(viewer) !== undefined) await assertNamedInArea(this.entities, viewer, chain, ['chain']);
    // Before the proof's statement, which writes the row of a proof served.
    if (viewer.role === Role.PARTNER && (await this.entities.count(LedgerEntry, { $and: [...visible, { chain, seq }] })) === 0) throw LedgerError.logEntryNotFound(chain, seq);
    const row = await entryInLog(this.em, chain, seq, treeSize ?? null, audit);
    if (!row) throw LedgerError.logEntryNotFound(chain, seq);
    const size = row.checkpointSize;
    if (size === null) throw treeSize === null || treeSize === undefined ? LedgerError.noCheckpoint() : LedgerError.checkpointNotFound(treeSize, ['treeSize']);
    const logIndex = row.logIndex;
    if (logIndex === null || logIndex >= size) throw LedgerError.notYetLogged(chain, seq, size);
    const proof = base64(assembleProof(inclusionProofRanges(logIndex, size), row.node));
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

  /**
   * The entries of a level-0 tile as a C2SP entry bundle, once the log has as
   * many as asked (null before). Every enterprise's entries: regulators
   * only, and not a town's (it reads only its town's enterprises). An entry
   * too long for the format (only a hand-written one can be) is named, not sent cut.
   */
  async entryBundle(viewer: Viewer, index: number, width: number | null): Promise<{ bundle: Buffer; chains: string[] } | null> {
    assertRegulator(viewer);
    if (areaTown(viewer) !== undefined) throw AccessError.forbidden('A town regulator reads only its own town\u2019s entries, not whole log tiles', ['path']);
    const count = width ?? TILE_WIDTH;
    const rows = await entriesInLog(this.em, index * TILE_WIDTH, count);
    if (rows.length < count) return null;
    try {
      return { bundle: entryBundle(rows.map((r) => r.canonical)), chains: [...new Set(rows.map((r) => r.chain))] };
    } catch (error) {
      if (!(error instanceof EntryTooLongForBundle)) throw error;
      const { chain, seq } = rows[error.position];
      throw LedgerError.entryTooLarge({ logIndex: index * TILE_WIDTH + error.position, chain, seq }, error.bytes, MAX_BUNDLE_ENTRY_BYTES);
    }
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
    return base64(assembleProof(ranges, await readNodes(this.em, nodesForRanges(ranges))));
  }
}

const base64 = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('base64'));
