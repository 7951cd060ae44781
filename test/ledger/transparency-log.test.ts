import { LedgerService } from '../../src/ledger/ledger.service';
import { LogIntegrator, rootOfSize } from '../../src/ledger/log-integrator';
import { latestCheckpoint, treeSize } from '../../src/ledger/log-store';
import { parseCheckpoint } from '../../src/proof/checkpoint';
import { leafHash, rootOfLeafHashes } from '../../src/proof/merkle';
import { generateSigner, openNote } from '../../src/proof/signed-note';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, outbound, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let a: Trader;
let b: Trader;
const signer = generateSigner('test.example/ledger');
const integrator = () => new LogIntegrator(db.orm.em.fork(), signer, ledgerClock());

beforeAll(async () => {
  db = await openTestDatabase();
  a = await registerTrader(db, 21);
  b = await registerTrader(db, 22);
});
afterAll(async () => {
  await db.close();
});

/** Leaves in log order, read back with each entry's hash. */
const logged = async () =>
  (
    await superuser(db, (c) =>
      c.query<{ log_index: string; chain: string; seq: number; hash: string }>(
        `select l.log_index, l.chain, l.seq, e.hash from log_leaf l join ledger_entry e on e.id = l.entry_id order by l.log_index`,
      ),
    )
  ).rows;

describe('the integrator', () => {
  it('appends every committed entry once, keeping each chain in seq order, and the tiles give the in-memory root', async () => {
    await record(db, a.viewer, [inbound(a.product, { quantity: '100' }), outbound(a.product, { quantity: '1', counterparty: b.code })]);
    await record(db, b.viewer, [inbound(b.product, { quantity: '5' })]);
    expect(await integrator().integrateAll()).toBe(3);
    await record(db, a.viewer, [inbound(a.product, { batch: 'B2' })]);
    expect(await integrator().integrateAll()).toBe(1);
    expect(await integrator().integrateAll()).toBe(0);
    const rows = await logged();
    expect(rows.map((r) => Number(r.log_index))).toEqual([0, 1, 2, 3]);
    for (const chain of [a.code, b.code]) {
      const seqs = rows.filter((r) => r.chain === chain).map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    const em = db.orm.em.fork();
    expect(await treeSize(em)).toBe(4);
    const inMemory = rootOfLeafHashes(rows.map((r) => leafHash(Buffer.from(r.hash, 'hex'))));
    expect((await rootOfSize(em, 4)).equals(inMemory)).toBe(true);
  });

  it('does not skip an entry whose transaction commits after a later entry was integrated', async () => {
    const before = await treeSize(db.orm.em.fork());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    // Chain a's entry takes its id first, then waits uncommitted while chain b's commits and is integrated.
    const late = db.orm.em.fork().transactional(async (tx) => {
      await new LedgerService(tx, ledgerClock(), { clockSkewMs: 300_000 }, []).recordMovements(a.viewer, { requestId: 'late-commit', entries: [inbound(a.product, { batch: 'LATE' })] });
      inserted();
      await held;
    });
    try {
      await insertedYet;
      await record(db, b.viewer, [inbound(b.product, { batch: 'EARLY' })]);
      expect(await integrator().integrateAll()).toBe(1);
    } finally {
      release();
      await late;
    }
    expect(await integrator().integrateAll()).toBe(1);
    const rows = await logged();
    expect(rows).toHaveLength(before + 2);
    const ids = (await superuser(db, (c) => c.query(`select entry_id from log_leaf order by log_index`))).rows.map((r) => Number(r.entry_id));
    // The late entry has the smaller id but the later log index.
    expect(ids[before]).toBeGreaterThan(ids[before + 1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('signs a checkpoint of the tree when it has grown, and only then', async () => {
    const first = await integrator().checkpoint();
    expect(first).not.toBeNull();
    expect(await integrator().checkpoint()).toBeNull();
    const note = openNote(first!.note, signer);
    const checkpoint = parseCheckpoint(note.text);
    expect(checkpoint.origin).toBe('test.example/ledger');
    expect(checkpoint.size).toBe(await treeSize(db.orm.em.fork()));
    expect(checkpoint.root.equals(await rootOfSize(db.orm.em.fork(), checkpoint.size))).toBe(true);
    expect((await latestCheckpoint(db.orm.em.fork()))!.size).toBe(checkpoint.size);
  });

  it('leaves and checkpoints refuse change, tiles only grow', async () => {
    const refused = (sql: string) => expect(superuser(db, (c) => c.query(sql))).rejects.toThrow(/append-only|only grows/);
    await refused(`update log_leaf set seq = seq + 1`);
    await refused(`delete from log_leaf`);
    await refused(`delete from log_checkpoint`);
    await refused(`update log_tile set hashes = substring(hashes from 33)`);
    await refused(`update log_tile set hashes = overlay(hashes placing '\\x00'::bytea from 1)`);
    // A tile's interior follows its hashes while it is partial, and is fixed once the tile is full.
    await superuser(db, (c) => c.query(`insert into log_tile (level, idx, hashes, interior) values (5, 999, decode(repeat('ab', 32 * 255), 'hex'), decode(repeat('00', 32 * 254), 'hex'))`));
    await superuser(db, (c) => c.query(`update log_tile set hashes = hashes || decode(repeat('cd', 32), 'hex'), interior = decode(repeat('11', 32 * 254), 'hex') where level = 5 and idx = 999`));
    await refused(`update log_tile set interior = decode(repeat('22', 32 * 254), 'hex') where level = 5 and idx = 999`);
    await refused(`update log_tile set interior = null where level = 5 and idx = 999`);
  });
});
