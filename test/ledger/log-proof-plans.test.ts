import { createHash } from 'node:crypto';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Role, Viewer } from '../../src/access/viewer';
import { ormConfig } from '../../src/db/orm-config';
import { rawQuery } from '../../src/db/raw-query';
import { entities } from '../../src/entities';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { LogProofService } from '../../src/ledger/log-proof.service';
import { latestCheckpoint, readNodes, readTiles, treeSize, writeLog } from '../../src/ledger/log-store';
import { checkpointText } from '../../src/proof/checkpoint';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/proof/merkle';
import { generateSigner, signNote } from '../../src/proof/signed-note';
import { appendLeaves, edgeTiles } from '../../src/proof/tiles';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, LEDGER_NOW, ledgerClock, record, registerTrader, Trader } from '../support/ledger-fixtures';

/**
 * The proof statements read the log's tiles by primary key at every size: a
 * server's connection prepares them once (on an empty log, say) and keeps
 * running them while the log grows to thousands of tiles, so a plan that
 * hash-joins a scan of log_tile grows with the log (issue #11: entryProof
 * p99 ≤ 5 ms at 1,000,000 entries). One connection, as a server's pooled
 * one: the service runs each statement, then EXPLAIN EXECUTE shows the plan
 * that connection now uses for it.
 */
const signer = generateSigner('test.example/ledger');
const regulator = { role: Role.REGULATOR, subject: 'plans' } as Viewer;
let db: TestDatabase;
let orm: MikroORM;
let a: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  orm = await MikroORM.init(ormConfig(db.url, entities, { pool: { min: 1, max: 1 } }));
  a = await registerTrader(db, 51);
  await record(db, a.viewer, [inbound(a.product), inbound(a.product, { batch: 'B2' }), inbound(a.product, { batch: 'B3' })]);
});
afterAll(async () => {
  await orm.close(true);
  await db.close();
});

/**
 * Grows the log to `size` leaves: the three real entries through the
 * integrator, then made-up leaves through the integrator's own tile code and
 * write (no ledger entries behind them: proofs read only the log's tables),
 * with a signed checkpoint of the new tree.
 */
async function growTo(size: number): Promise<void> {
  const em = db.orm.em.fork();
  const from = await treeSize(em);
  if (from === 0) {
    await new LogIntegrator(em, signer, ledgerClock()).integrate({ sign: true });
    return;
  }
  const leaves = Array.from({ length: size - from }, (_, n) => leafHash(createHash('sha256').update(`synthetic ${from + n}`).digest()));
  const appended = appendLeaves(from, await readTiles(em, edgeTiles(from)), leaves);
  const note = signNote(checkpointText({ origin: signer.name, size, root: appended.root, extensions: [] }), [signer]);
  const entries = leaves.map((_, n) => ({ id: String(1_000_000_000 + from + n), chain: 'SYNTHETIC', seq: from + n, hash: '' }));
  await writeLog(em, from, entries, appended.tiles, { size, root: appended.root.toString('base64'), note, createdAt: new Date(LEDGER_NOW) });
}

/** The plan this connection now runs a prepared statement with (EXPLAIN EXECUTE goes through its plan cache). */
async function plan(em: EntityManager, execute: string): Promise<string> {
  const rows = await rawQuery<{ 'QUERY PLAN': string }>(em, `explain (analyze, buffers, costs off, timing off) execute ${execute}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** Whether a plan reads log_tile other than by primary-key lookups: a scan of the whole table, whatever joins it. */
const scansTiles = (text: string) => /(Seq|Bitmap Heap) Scan on log_tile|Hash Join[\s\S]*log_tile/.test(text) || !text.includes('log_tile_pkey');

/** The plans of the three statements that read tiles (an inclusion proof, a consistency proof's nodes, whole tiles) read them by key. */
async function expectTilesByKey(em: EntityManager): Promise<void> {
  const plans = [
    await plan(em, `hz_log_entry_in_log(null, '${a.code}', 2)`),
    await plan(em, `hz_log_read_nodes('{0,8}'::int[], '{2,0}'::bigint[])`),
    await plan(em, `hz_log_read_tiles('[{"level":0,"idx":0},{"level":1,"idx":0}]')`),
  ];
  if (process.env.PRINT_PLANS) console.log(plans.join('\n\n'));
  for (const text of plans) expect(scansTiles(text)).toBe(false);
}

/** Both proofs (checked against the checkpoints) and a tile, more times than the five custom plans PostgreSQL makes before it may keep a generic one. */
async function prove(em: EntityManager, size: number, root: Buffer, from: number, fromRoot: Buffer): Promise<void> {
  const service = new LogProofService(em);
  for (let run = 0; run < 6; run++) {
    const proof = await service.entryProof(regulator, a.code, 2);
    verifyInclusion(proof.logIndex, size, leafHash(Buffer.from(proof.hash, 'hex')), proof.proof.map((p) => Buffer.from(p, 'base64')), root);
    const consistency = await service.consistencyProof(from, null);
    verifyConsistency(from, size, consistency.proof.map((p) => Buffer.from(p, 'base64')), fromRoot, root);
    expect(await service.tile({ level: 0, index: 0, width: Math.min(size, 256) })).not.toBeNull();
  }
}

describe('proof statements as the log grows, on one connection', () => {
  const checkpoints: [number, Buffer][] = [];

  beforeAll(async () => {
    // The statistics change only where this test says (ANALYZE, last), not whenever autovacuum comes by.
    await rawQuery(orm.em.fork(), 'alter table log_tile set (autovacuum_enabled = false)');
  });

  it('prepares them on the empty log', async () => {
    const em = orm.em.fork();
    await expect(new LogProofService(em).entryProof(regulator, a.code, 2)).rejects.toThrow('no checkpoint');
    await readNodes(em, [{ level: 0, index: 0 }]);
    await readTiles(em, [{ level: 0, index: 0 }]);
    await expectTilesByKey(em);
  });

  // In tiles: 1, 3, 13, 119 and 393 (with one and two of level 1).
  it.each([3, 300, 3_000, 30_000, 100_000])('keeps reading each tile by key at %i leaves', async (size) => {
    await growTo(size);
    const em = orm.em.fork();
    const checkpoint = (await latestCheckpoint(em))!;
    expect(checkpoint.size).toBe(size);
    const root = Buffer.from(checkpoint.root, 'base64');
    const [from, fromRoot] = checkpoints[checkpoints.length - 1] ?? [size, root];
    checkpoints.push([size, root]);
    await prove(em, size, root, from, fromRoot);
    await expectTilesByKey(em);
  });

  // Below a few pages of log_tile (its hashes are stored out of line: 255 tiles fit in 4), the planner
  // rightly reads the table whole for each tile, as cheap as its index; never for a hash join.
  it('reads each tile by key when planned again on the statistics of 393 tiles', async () => {
    const em = orm.em.fork();
    await rawQuery(em, 'analyze log_tile');
    const [size, root] = checkpoints[checkpoints.length - 1];
    await prove(em, size, root, checkpoints[0][0], checkpoints[0][1]);
    await expectTilesByKey(em);
  });
});
