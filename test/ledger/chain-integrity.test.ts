import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { canonicalAgreementInForce } from '../../src/ledger/canonical-agreement';
import { ChainVerificationService } from '../../src/ledger/chain-verification.service';
import { sha256Hex } from '../../src/proof/sha256';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { codes, createTestApi, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { regulator } from '../support/fixtures';
import { inbound, ledgerClock, outbound, record, registerTrader, restoreCanonicalAgreement, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let a: Trader;
let b: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  a = await registerTrader(db, 11);
  b = await registerTrader(db, 12);
  await record(db, a.viewer, [inbound(a.product, { quantity: '100' }), outbound(a.product, { quantity: '1', counterparty: b.code })]);
  await record(db, a.viewer, [inbound(a.product, { batch: 'B2' }), outbound(a.product, { batch: 'B2', quantity: '2' })]);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const verify = (code: string) => new ChainVerificationService(db.orm.em.fork()).verifyChain(regulator, code);
const canonicalOf = async (chain: string, seq: number): Promise<string> =>
  (await superuser(db, (c) => c.query(`select canonical from ledger_entry where chain = $1 and seq = $2`, [chain, seq]))).rows[0].canonical;

const tamper = (sql: string, params: unknown[] = []) => tamperEntries(db, sql, params);
/** Tampering the canonical-agreement constraint does not cover: it stays in force, and verifyChain's one-statement check sees the break. */
const tamperInForce = (sql: string, params: unknown[] = []) => tamperEntries(db, sql, params, { keepAgreement: true });

describe('the entry table refuses changes at the database level', () => {
  it.each([
    ['UPDATE', `update ledger_entry set quantity = quantity + 1 where seq = 1`],
    ['DELETE', `delete from ledger_entry where seq = 2`],
    ['TRUNCATE', `truncate ledger_entry cascade`],
  ])('%s, on the application’s own connection', async (_op, sql) => {
    const em = db.orm.em.fork();
    await expect(em.getConnection().execute(sql)).rejects.toThrow(/append-only/);
    await expect(superuser(db, (client) => client.query(sql))).rejects.toThrow(/append-only/);
    expect((await verify(a.code)).ok).toBe(true);
  });

  it.each([
    ['triggers disabled', 'alter table ledger_entry disable trigger user'],
    ['replication role', 'set session_replication_role = replica'],
  ])('a column changed against its canonical text is refused, %s', async (_how, bypass) => {
    for (const set of [`quantity = quantity + 1`, `batch = 'forged'`, `occurred_at = occurred_at - interval '1 day'`, `seq = seq + 10`, `prev_hash = repeat('f', 64)`, `canonical = canonical || ' '`]) {
      await expect(
        superuser(db, async (client) => {
          await client.query('begin');
          await client.query(bypass);
          await client.query(`update ledger_entry set ${set} where chain = $1 and seq = 1`, [a.code]);
        }),
      ).rejects.toThrow(/ledger_entry_canonical_agrees/);
    }
    expect((await verify(a.code)).ok).toBe(true);
  });

  it.each(['enterprise', 'warehouse', 'product'])('%s rows, which entries name by id, are never deleted', async (table) => {
    const em = db.orm.em.fork();
    await expect(em.getConnection().execute(`delete from ${table} where id = (select ${table}_id from ledger_entry where seq = 1 limit 1)`)).rejects.toThrow(/rows are kept/);
    await expect(superuser(db, (client) => client.query(`delete from ${table}`))).rejects.toThrow(/rows are kept/);
    await expect(superuser(db, (client) => client.query(`truncate ${table} cascade`))).rejects.toThrow(/rows are kept/);
    expect((await verify(a.code)).ok).toBe(true);
  });
});

describe('verifyChain', () => {
  it('checks a sound chain and reports the entries checked and the head', async () => {
    const result = await api.run(`query($c: CreditCode!) { verifyChain(creditCode: $c) { chain ok checked headSeq headHash failure { seq reason } } }`, { c: a.code }, regulator);
    expect(result.errors).toBeUndefined();
    expect(result.data!.verifyChain).toMatchObject({ chain: a.code, ok: true, checked: 4, headSeq: 4, failure: null });
    expect(codes(await api.run(`query($c: CreditCode!) { verifyChain(creditCode: $c) { ok } }`, { c: a.code }, a.viewer))).toEqual(['FORBIDDEN']);
    expect((await verify(b.code)).ok).toBe(true); // an empty chain
  });

  it('names the seq of a row broken directly in the database', async () => {
    await tamper(`update ledger_entry set quantity = '200.000' where chain = $1 and seq = 3`, [a.code]);
    const result = await verify(a.code);
    expect(result).toMatchObject({ ok: false, checked: 2, failure: { seq: 3, reason: 'CANONICAL_MISMATCH' } });
    const viaApi = await api.run(`query($c: CreditCode!) { verifyChain(creditCode: $c) { ok failure { seq reason message } } }`, { c: a.code }, regulator);
    expect(viaApi.data!.verifyChain.failure).toMatchObject({ seq: 3, reason: 'CANONICAL_MISMATCH' });
    await tamper(`update ledger_entry set quantity = '10.000' where chain = $1 and seq = 3`, [a.code]);
    expect((await verify(a.code)).ok).toBe(true);
    await restoreCanonicalAgreement(db);
    expect(await canonicalAgreementInForce(db.orm.em.fork())).toBe(true);
  });

  it('names the seq of a flipped canonical, a broken link, a deleted row', async () => {
    await tamper(`update ledger_entry set canonical = replace(canonical, '"B2"', '"B3"') where chain = $1 and seq = 4`, [a.code]);
    expect((await verify(a.code)).failure).toMatchObject({ seq: 4, reason: 'HASH_MISMATCH' });
    await tamper(`update ledger_entry set canonical = replace(canonical, '"B3"', '"B2"') where chain = $1 and seq = 4`, [a.code]);
    await tamper(`update ledger_entry set prev_hash = repeat('f', 64) where chain = $1 and seq = 2`, [a.code]);
    expect((await verify(a.code)).failure).toMatchObject({ seq: 2, reason: 'PREV_HASH_MISMATCH' });
    const [{ hash }] = (await superuser(db, (c) => c.query(`select hash from ledger_entry where chain = $1 and seq = 1`, [a.code]))).rows;
    await tamper(`update ledger_entry set prev_hash = $2 where chain = $1 and seq = 2`, [a.code, hash]);
    expect((await verify(a.code)).ok).toBe(true);
    await restoreCanonicalAgreement(db);

    // With the constraint in force: a hash, a deleted row.
    await tamperInForce(`update ledger_entry set hash = repeat('e', 64) where chain = $1 and seq = 3`, [a.code]);
    expect((await verify(a.code)).failure).toMatchObject({ seq: 3, reason: 'HASH_MISMATCH' });
    await tamperInForce(`update ledger_entry set hash = $2 where chain = $1 and seq = 3`, [a.code, sha256Hex((await canonicalOf(a.code, 3)))]);
    expect((await verify(a.code)).ok).toBe(true);
    await tamperInForce(`create table deleted_entry as select * from ledger_entry where chain = $1 and seq = 3; delete from ledger_entry where chain = '${a.code}' and seq = 3`.replace('$1', `'${a.code}'`));
    expect((await verify(a.code)).failure).toMatchObject({ seq: 4, reason: 'SEQ_GAP' });
    await tamperInForce(`insert into ledger_entry select * from deleted_entry; drop table deleted_entry`);
    expect((await verify(a.code)).ok).toBe(true);
    expect(await canonicalAgreementInForce(db.orm.em.fork())).toBe(true);
  });

  it('names a version column that disagrees with canonical v, with the constraint in force and without it', async () => {
    // The canonical-agreement constraint does not cover `version`: the one-statement check must not vouch for it.
    await tamperInForce(`update ledger_entry set version = 2 where chain = $1 and seq = 2`, [a.code]);
    expect(await canonicalAgreementInForce(db.orm.em.fork())).toBe(true);
    expect((await verify(a.code)).failure).toMatchObject({ seq: 2, reason: 'CANONICAL_MISMATCH', message: `canonical v is 1, the entry's is 2` });
    await tamperInForce(`update ledger_entry set version = 1 where chain = $1 and seq = 2`, [a.code]);
    expect((await verify(a.code)).ok).toBe(true);
    await tamper(`update ledger_entry set version = 3 where chain = $1 and seq = 3`, [a.code]);
    expect((await verify(a.code)).failure).toMatchObject({ seq: 3, reason: 'CANONICAL_MISMATCH' });
    await tamper(`update ledger_entry set version = 1 where chain = $1 and seq = 3`, [a.code]);
    expect((await verify(a.code)).ok).toBe(true);
    await restoreCanonicalAgreement(db);
  });

  it('pages through a long chain: a duplicated seq at a page boundary, a gap wider than a page, a seq far past the end', async () => {
    const long = await registerTrader(db, 13);
    for (let call = 0; call < 2; call++) await record(db, long.viewer, Array.from({ length: 600 }, (_, i) => inbound(long.product, { batch: `L${call}-${i}` })));
    expect(await verify(long.code)).toMatchObject({ ok: true, checked: 1200, head: { seq: 1200 } });

    // The 500th row twice: the copy comes right after it in (seq, id) order, at the end of the first page.
    await tamper(`alter table ledger_entry drop constraint ledger_entry_chain_seq_unique;
      insert into ledger_entry select nextval('ledger_entry_id_seq'), version, chain, enterprise_id, seq, prev_hash, repeat('d', 64), canonical, direction, reason,
        warehouse_id, warehouse_code, product_id, product_code, batch, quantity, unit, counterparty_code, counterparty_id, source_hash, source_entry_id, inputs,
        corrects, corrects_entry_id, transport_doc, occurred_at, recorded_at, request_id
        from ledger_entry where chain = '${long.code}' and seq = 500`);
    expect(await verify(long.code)).toMatchObject({ ok: false, checked: 500, failure: { seq: 500, reason: 'SEQ_DUPLICATE' } });
    await tamper(`delete from ledger_entry where hash = repeat('d', 64); alter table ledger_entry add constraint ledger_entry_chain_seq_unique unique (chain, seq)`);

    await tamper(`update ledger_entry set seq = seq + 1000 where chain = $1 and seq > 700`, [long.code]);
    expect(await verify(long.code)).toMatchObject({ ok: false, checked: 700, failure: { seq: 1701, reason: 'SEQ_GAP' } });
    await tamper(`update ledger_entry set seq = seq - 1000 where chain = $1 and seq > 1700`, [long.code]);

    await tamper(`update ledger_entry set seq = 2147483647 where chain = $1 and seq = 1200`, [long.code]);
    expect(await verify(long.code)).toMatchObject({ ok: false, checked: 1199, failure: { seq: 2147483647, reason: 'SEQ_GAP' } });
    await tamper(`update ledger_entry set seq = 1200 where chain = $1 and seq = 2147483647`, [long.code]);
    expect(await verify(long.code)).toMatchObject({ ok: true, checked: 1200 });
    await restoreCanonicalAgreement(db);
  });
});

describe('concurrency', () => {
  it("a new enterprise's first submissions racing each other create its chain once, none refused", async () => {
    const fresh = await Promise.all(Array.from({ length: 8 }, (_, i) => registerTrader(db, 60 + i)));
    const results = await Promise.all(
      fresh.flatMap((t) => Array.from({ length: 6 }, (_, i) => record(db, t.viewer, [inbound(t.product, { batch: `first-${i}` })]).catch((e: Error) => e))),
    );
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    const chains = await db.orm.em.getConnection().execute(`select chain, last_seq from ledger_chain where chain = any(string_to_array(?, ','))`, [fresh.map((t) => t.code).join(',')]);
    expect(chains.map((c) => Number(c.last_seq))).toEqual(fresh.map(() => 6));
  });

  it('50 concurrent submissions to one chain and to many chains: no fork, no gap, balances equal their entries', async () => {
    const traders = [a, ...(await Promise.all(Array.from({ length: 9 }, (_, i) => registerTrader(db, 20 + i))))];
    // 60 submissions to chain a (INs and OUTs racing on one batch), 5 to each of the 9 others.
    await record(db, a.viewer, [inbound(a.product, { batch: 'hot', quantity: '30' })]);
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const entries = i % 2 === 0 ? [inbound(a.product, { batch: 'hot', quantity: '1' })] : [outbound(a.product, { batch: 'hot', quantity: '1.5' }), inbound(a.product, { batch: `c${i}` })];
      jobs.push(record(db, a.viewer, entries, `conc-a-${i}`).catch((e) => e));
      jobs.push(record(db, a.viewer, entries, `conc-a-${i}`).catch((e) => e)); // a retry racing the original
    }
    for (const t of traders.slice(1)) {
      for (let i = 0; i < 5; i++) jobs.push(record(db, t.viewer, [inbound(t.product, { batch: `m${i}` }), outbound(t.product, { batch: `m${i}`, quantity: '4' })]));
    }
    const results = await Promise.all(jobs);
    const failures = results.filter((r) => r instanceof Error) as Error[];
    expect(failures.every((f: any) => f.code === 'INSUFFICIENT_STOCK')).toBe(true);

    for (const t of traders) {
      const result = await verify(t.code);
      expect(result).toMatchObject({ ok: true, failure: null });
    }
    const em = db.orm.em.fork();
    const seqs = await em.getConnection().execute(`select chain, count(*)::int as n, max(seq) as max, count(distinct seq)::int as d from ledger_entry group by chain`);
    for (const row of seqs) expect([row.n, row.d]).toEqual([row.max, row.max]);
    const heads = await em.getConnection().execute(`select c.chain, c.last_seq, c.last_hash, e.hash from ledger_chain c join ledger_entry e on e.chain = c.chain and e.seq = c.last_seq`);
    for (const head of heads) expect(head.last_hash).toBe(head.hash);
    const mismatched = await em.getConnection().execute(`
      select b.id from ledger_balance b
        left join (select warehouse_id, product_id, batch, sum(case when direction = 'IN' then quantity else -quantity end) as q
                     from ledger_entry group by warehouse_id, product_id, batch) s
          on s.warehouse_id = b.warehouse_id and s.product_id = b.product_id and s.batch = b.batch
       where b.quantity <> coalesce(s.q, 0)`);
    expect(mismatched).toEqual([]);
    const requests = await em.getConnection().execute(`select count(*)::int as n from ledger_entry where request_id like 'conc-a-%' group by request_id having count(*) > 2`);
    expect(requests).toEqual([]);
  });
});

describe('the independent verify script', () => {
  let server: RunningServer;
  let token: string;
  const secret = 'test-secret-for-the-verify-script-0123456789';
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, [path.join(__dirname, '../../scripts/verify-chain.mjs'), ...args]).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
    );

  beforeAll(async () => {
    server = await startHttpServer(
      { orm: db.orm, schema: await testSchema(), config: api.config, logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: secret },
      0,
      '127.0.0.1',
    );
    token = await mintToken(secret, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'auditor', expiresInSeconds: 600 });
  });
  afterAll(() => server.stop());

  it('verifies a chain through the public API alone, across pages', async () => {
    await record(db, b.viewer, Array.from({ length: 230 }, (_, i) => inbound(b.product, { batch: `v${i % 7}`, quantity: `${i + 1}.5`, transportDoc: i % 3 ? null : `运单-${i}` })));
    const result = await run('--url', server.url, '--token', token, '--enterprise', b.code);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ chain: b.code, ok: true, checked: 230, headSeq: 230, failure: null });
    const own = await mintToken(secret, { role: Role.ENTERPRISE, subject: 'b', enterprise: b.code, expiresInSeconds: 600 });
    expect((await run('--url', server.url, '--token', own, '--enterprise', b.code)).code).toBe(0);
  });

  it('names the first broken seq after tampering, and fails cleanly on a bad token', async () => {
    await tamper(`update ledger_entry set batch = 'forged' where chain = $1 and seq = 117`, [b.code]);
    const result = await run('--url', server.url, '--token', token, '--enterprise', b.code);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ ok: false, checked: 116, failure: { seq: 117, reason: 'CANONICAL_MISMATCH' } });
    const bad = await run('--url', server.url, '--token', 'nope', '--enterprise', b.code);
    expect(bad.code).toBe(2);
    expect((await run('--url', server.url)).code).toBe(2);
  });
});
