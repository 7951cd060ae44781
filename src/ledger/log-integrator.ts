import { EntityManager } from '@mikro-orm/postgresql';
import { checkpointText } from '../proof/checkpoint';
import { EMPTY_ROOT, foldRange, leafHash, rangeNodes } from '../proof/merkle';
import { NoteSigner, signNote } from '../proof/signed-note';
import { appendLeaves, edgeTiles, nodeFromTiles } from '../proof/tiles';
import { Clock } from '../shared/clock';
import { insertCheckpoint, latestCheckpoint, pendingEntries, readNodeTiles, readTiles, StoredCheckpoint, treeSize, writeLeaves, writeTiles } from './log-store';

/** Entries one integration pass takes at most: one transaction of a bounded size. */
export const INTEGRATION_BATCH = 20_000;

/**
 * Sequences committed ledger entries into the transparency log and signs
 * checkpoints of it (docs/log.md). Exactly one runs at a time (LogRunner holds
 * an advisory lock); should two ever run, log_leaf's primary key makes the
 * second's transaction fail and retry on the next pass.
 */
export class LogIntegrator {
  constructor(
    private readonly em: EntityManager,
    private readonly signer: NoteSigner,
    private readonly clock: Clock,
  ) {}

  /** One pass: appends what has committed since the last one, in one transaction. Returns how many entries. */
  async integrate(limit = INTEGRATION_BATCH): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      const size = await treeSize(tx);
      const pending = await pendingEntries(tx, limit);
      if (pending.length === 0) return 0;
      const edge = await readTiles(tx, edgeTiles(size));
      const appended = appendLeaves(size, edge, pending.map((e) => leafHash(Buffer.from(e.hash, 'hex'))));
      await writeLeaves(tx, size, pending);
      await writeTiles(tx, appended.tiles);
      return pending.length;
    });
  }

  /** Integrates until nothing is pending. */
  async integrateAll(): Promise<number> {
    let total = 0;
    for (let n = await this.integrate(); n > 0; n = await this.integrate()) total += n;
    return total;
  }

  /** Signs a checkpoint of the tree as it stands, unless the latest already has that size. */
  async checkpoint(): Promise<StoredCheckpoint | null> {
    const em = this.em.fork();
    const size = await treeSize(em);
    const latest = await latestCheckpoint(em);
    if (latest && latest.size >= size) return null;
    const root = size === 0 ? Buffer.from(EMPTY_ROOT) : await rootOfSize(em, size);
    const note = signNote(checkpointText({ origin: this.signer.name, size, root, extensions: [] }), [this.signer]);
    const checkpoint = { size, root: root.toString('base64'), note, createdAt: this.clock.now() };
    await insertCheckpoint(em, checkpoint);
    return checkpoint;
  }
}

/** The root of the tree's first `size` leaves, from the tiles. */
export async function rootOfSize(em: EntityManager, size: number): Promise<Buffer> {
  const nodes = rangeNodes(0, size);
  const tiles = await readNodeTiles(em, nodes);
  return foldRange(nodes.map((node) => nodeFromTiles(node, tiles)));
}
