import { performance } from 'node:perf_hooks';
import { EntityManager } from '@mikro-orm/postgresql';
import { checkpointText } from '../proof/checkpoint';
import { EMPTY_ROOT, foldRange, leafHash, rangeNodes } from '../proof/merkle';
import { NoteSigner, signNote } from '../proof/signed-note';
import { appendLeaves } from '../proof/tiles';
import { Clock } from '../shared/clock';
import { insertCheckpoint, latestCheckpoint, logFrontier, readNodes, StoredCheckpoint, treeSize, writeLog } from './log-store';

/** Entries one integration pass takes at most: one transaction of a bounded size. */
export const INTEGRATION_BATCH = 20_000;

/** What one pass did and where its time went, in ms: the runner logs it, the bench prints it. */
export interface IntegrationPass {
  entries: number;
  /** The checkpoint the pass signed, when asked to and it appended anything. */
  checkpoint: StoredCheckpoint | null;
  ms: { read: number; hash: number; sign: number; write: number; commit: number };
}

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

  /**
   * One pass: appends what has committed since the last one, in one
   * transaction of two statements (what to append and the tiles it changes;
   * the leaves, tiles and, with `sign`, a checkpoint of the new tree, whose
   * root the pass has just computed).
   */
  async integrate(options: { limit?: number; sign?: boolean } = {}): Promise<IntegrationPass> {
    const ms = { read: 0, hash: 0, sign: 0, write: 0, commit: 0 };
    let mark = performance.now();
    const lap = (phase: keyof typeof ms) => {
      const now = performance.now();
      ms[phase] += now - mark;
      mark = now;
    };
    const done = await this.em.fork().transactional(async (tx) => {
      const { size, edge, pending } = await logFrontier(tx, options.limit ?? INTEGRATION_BATCH);
      lap('read');
      if (pending.length === 0) return { entries: 0, checkpoint: null };
      const appended = appendLeaves(size, edge, pending.map((e) => leafHash(Buffer.from(e.hash, 'hex'))));
      lap('hash');
      const checkpoint = options.sign ? this.sign(appended.size, appended.root) : null;
      lap('sign');
      await writeLog(tx, size, pending, appended.tiles, checkpoint);
      lap('write');
      return { entries: pending.length, checkpoint };
    });
    lap('commit');
    return { ...done, ms };
  }

  /** Integrates until nothing is pending; returns how many entries. */
  async integrateAll(): Promise<number> {
    let total = 0;
    for (let n = (await this.integrate()).entries; n > 0; n = (await this.integrate()).entries) total += n;
    return total;
  }

  /** Signs a checkpoint of the tree as it stands, unless the latest already has that size. */
  async checkpoint(): Promise<StoredCheckpoint | null> {
    const em = this.em.fork();
    const size = await treeSize(em);
    const latest = await latestCheckpoint(em);
    if (latest && latest.size >= size) return null;
    const checkpoint = this.sign(size, size === 0 ? Buffer.from(EMPTY_ROOT) : await rootOfSize(em, size));
    await insertCheckpoint(em, checkpoint);
    return checkpoint;
  }

  private sign(size: number, root: Buffer): StoredCheckpoint {
    const note = signNote(checkpointText({ origin: this.signer.name, size, root, extensions: [] }), [this.signer]);
    return { size, root: root.toString('base64'), note, createdAt: this.clock.now() };
  }
}

/** The root of the tree's first `size` leaves, from the stored subtree hashes. */
export async function rootOfSize(em: EntityManager, size: number): Promise<Buffer> {
  const nodes = rangeNodes(0, size);
  return foldRange(nodes.map(await readNodes(em, nodes)));
}
