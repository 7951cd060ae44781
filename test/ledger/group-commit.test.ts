import { spawn } from 'node:child_process';
import path from 'node:path';
import { GroupCommit } from '../../src/ledger/group-commit';
import { LedgerError } from '../../src/ledger/ledger.errors';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { AppendedMovement, MovementObserver } from '../../src/ledger/movement-observer';
import { ChainVerificationService } from '../../src/ledger/chain-verification.service';
import { TraceabilityChecker } from '../../src/licensing/traceability-checker';
import { openTestDatabase, TestDatabase } from '../support/database';
import { regulator } from '../support/fixtures';
import { pendingAppend } from '../support/group-commit-calls';
import { inbound, ledgerClock, ledgerCounts, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let traders: Trader[];

beforeAll(async () => {
  db = await openTestDatabase();
  traders = await Promise.all(Array.from({ length: 8 }, (_, i) => registerTrader(db, 30 + i)));
});
afterAll(async () => {
  await db.close();
});

/** Which transaction told the observers of each call: calls of one group share it. */
function transactionsSeen(): { observer: MovementObserver; txids: Map<string, string> } {
  const txids = new Map<string, string>();
  const observer: MovementObserver = {
    async afterAppend(em, movements: readonly AppendedMovement[]) {
      const [{ txid }] = await em.getConnection().execute('select txid_current()::text as txid', [], 'all', em.getTransactionContext());
      for (const m of movements) txids.set(`${m.chain}/${m.seq}`, txid);
    },
  };
  return { observer, txids };
}

const commitWith = (observers: MovementObserver[], windowMs = 20) => new GroupCommit(db.orm.em.fork(), observers, { enabled: true, windowMs, maxEntries: 64 });

/** Calls checked first, then handed to group commit in one tick, as concurrent requests reach it. */
async function appendTogether(commit: GroupCommit, calls: { trader: Trader; requestId: string; entries: MovementInput[] }[]) {
  const pending = await Promise.all(calls.map((c) => pendingAppend(db.orm.em.fork(), c.trader.code, c.requestId, c.entries)));
  return Promise.all(pending.map((p) => commit.append(p, ledgerClock()).catch((e: unknown) => e as Error)));
}

async function verified(code: string) {
  return new ChainVerificationService(db.orm.em.fork()).verifyChain(regulator, code);
}

describe('group commit', () => {
  it('appends concurrent calls of distinct chains in one transaction, each answered with its own entries', async () => {
    const seen = transactionsSeen();
    const calls = traders.slice(0, 6).map((trader, i) => ({ trader, requestId: `g1-${i}`, entries: [inbound(trader.product, { batch: 'G1', quantity: String(10 + i) })] }));
    const results = await appendTogether(commitWith([seen.observer]), calls);
    results.forEach((r, i) => expect(r).toMatchObject({ requestId: `g1-${i}`, replayed: false, entries: [{ chain: traders[i].code, seq: 1, quantity: `${10 + i}.000` }] }));
    expect(new Set(seen.txids.values()).size).toBe(1);
    for (const t of traders.slice(0, 6)) expect(await verified(t.code)).toMatchObject({ ok: true, disagreements: [] });
  });

  it('a refused call refuses no neighbour and writes nothing; a retry replays, other content conflicts', async () => {
    const [a, b, c, d] = traders;
    const fresh = await registerTrader(db, 50);
    const before = await ledgerCounts(db);
    const results = await appendTogether(commitWith([]), [
      { trader: a, requestId: 'g1-0', entries: [inbound(a.product, { batch: 'G1', quantity: '10' })] },
      { trader: b, requestId: 'g1-1', entries: [inbound(b.product, { batch: 'G1', quantity: '99' })] },
      { trader: c, requestId: 'g2-c', entries: [inbound(c.product, { batch: 'G2', quantity: '5' }), outbound(c.product, { batch: 'G2', quantity: '6' })] },
      { trader: fresh, requestId: 'g2-fresh', entries: [outbound(fresh.product, { batch: 'none', quantity: '1' })] },
      { trader: d, requestId: 'g2-d', entries: [inbound(d.product, { batch: 'G2', quantity: '7' })] },
    ]);
    expect(results[0]).toMatchObject({ replayed: true, entries: [{ seq: 1 }] });
    expect(results[1]).toBeInstanceOf(LedgerError);
    expect(results[1]).toMatchObject({ code: 'CONFLICT', field: ['input', 'requestId'] });
    expect(results[2]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: ['input', 'entries', 1, 'quantity'] });
    expect(results[3]).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(results[4]).toMatchObject({ replayed: false, entries: [{ chain: d.code, seq: 2, quantity: '7.000' }] });
    const after = await ledgerCounts(db);
    expect(after).toEqual({ ...before, entry: before.entry + 1, balance: before.balance + 1, request: before.request + 1, quantity: before.quantity + 7000 });
    const heads = await db.orm.em.fork().getConnection().execute('select chain from ledger_chain where chain = ?', [fresh.code]);
    expect(heads).toEqual([]);
  });

  it('keeps the arrival order of one chain’s calls, grouped with other chains', async () => {
    const [a, b, c] = traders;
    const seen = transactionsSeen();
    // Chain a's calls alternate IN and OUT of one batch: out of order, an OUT would find no stock.
    const calls = Array.from({ length: 8 }, (_, i) => {
      const other = i % 2 ? b : c;
      return [
        { trader: a, requestId: `order-a-${i}`, entries: [i % 2 === 0 ? inbound(a.product, { batch: 'ORD', quantity: '2' }) : outbound(a.product, { batch: 'ORD', quantity: '2' })] },
        { trader: other, requestId: `order-bc-${i}`, entries: [inbound(other.product, { batch: `ORD${i}` })] },
      ];
    }).flat();
    const results = await appendTogether(commitWith([seen.observer]), calls);
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    const seqs = results.filter((_, i) => i % 2 === 0).map((r) => (r as { entries: { seq: number }[] }).entries[0].seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(8);
    // Eight calls of one chain need eight transactions; the other chains' calls ride along with them.
    const transactions = new Set(seen.txids.values()).size;
    expect(transactions).toBeGreaterThanOrEqual(8);
    expect(transactions).toBeLessThan(16);
    for (const t of [a, b, c]) expect(await verified(t.code)).toMatchObject({ ok: true, disagreements: [] });
  });

  it('the observers check a group’s calls each against its own chain', async () => {
    const [maker, b, c, d] = traders.slice(4);
    await record(db, maker.viewer, [inbound(maker.product, { batch: 'C7', quantity: '50' })]);
    // b and c take in maker's coded batch without a receipt (UNKNOWN_BATCH_SOURCE on each one's own chain);
    // d takes in its own product, which raises nothing.
    const purchase = () => inbound(maker.product, { reason: 'PURCHASE' as never, batch: 'C7', quantity: '2', counterparty: maker.code });
    const seen = transactionsSeen();
    const results = await appendTogether(commitWith([seen.observer, new TraceabilityChecker()]), [
      { trader: b, requestId: 'obs-b', entries: [purchase()] },
      { trader: c, requestId: 'obs-c', entries: [purchase()] },
      { trader: d, requestId: 'obs-d', entries: [inbound(d.product, { batch: 'OWN1' })] },
    ]);
    expect(new Set(seen.txids.values()).size).toBe(1);
    const hashes = results.map((r) => (r as { entries: { hash: string }[] }).entries[0].hash);
    const alerts: { chain: string; entry_hash: string; credit_code: string }[] = await db.orm.em.fork().getConnection().execute(
      `select a.chain, a.entry_hash, e.credit_code from alert a join enterprise e on e.id = a.enterprise_id where a.code = 'UNKNOWN_BATCH_SOURCE' order by a.chain`,
    );
    expect(alerts.map((a) => [a.chain, a.entry_hash, a.credit_code])).toEqual(
      [[b.code, hashes[0], b.code], [c.code, hashes[1], c.code]].sort((x, y) => (x[0] < y[0] ? -1 : 1)),
    );
  });

  it('retries a group that fails unexpectedly call by call: only the failing call fails', async () => {
    const [a, b, c] = traders;
    const seen = transactionsSeen();
    const failing: MovementObserver = {
      async afterAppend(_em, movements) {
        if (movements.some((m) => m.chain === b.code)) throw new Error('observer down');
      },
    };
    const before = await ledgerCounts(db);
    const results = await appendTogether(commitWith([seen.observer, failing]), [a, b, c].map((t) => ({ trader: t, requestId: `fallback-${t.code}`, entries: [inbound(t.product, { batch: 'FB' })] })));
    expect(results[1]).toMatchObject({ message: 'observer down' });
    expect(results[0]).toMatchObject({ replayed: false, entries: [{ chain: a.code }] });
    expect(results[2]).toMatchObject({ replayed: false, entries: [{ chain: c.code }] });
    const committed = [results[0], results[2]].map((r) => seen.txids.get(`${(r as { entries: { chain: string; seq: number }[] }).entries[0].chain}/${(r as { entries: { seq: number }[] }).entries[0].seq}`));
    expect(committed[0]).not.toBe(committed[1]);
    expect(await ledgerCounts(db)).toMatchObject({ entry: before.entry + 2, request: before.request + 2 });
  });

  it('a process killed (SIGKILL) inside a group’s transaction leaves none of its calls applied', async () => {
    const group = traders.slice(0, 5);
    const calls = group.map((t, i) => ({ chain: t.code, requestId: `killed-${i}`, entries: [inbound(t.product, { batch: 'K', quantity: '3' }), inbound(t.product, { batch: 'K2', quantity: '4' })] }));
    const before = await ledgerCounts(db);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/support/group-commit-child.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, GROUP_CHILD: JSON.stringify({ url: db.url, calls }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const written = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /WRITTEN (\d+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`child exited with ${code} before writing:\n${out}`)));
    });
    // Inside its transaction the whole group was written: both entries of each of the five calls.
    expect(Number(written)).toBe(10);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await ledgerCounts(db)).toEqual(before);
    for (const t of group) expect(await verified(t.code)).toMatchObject({ ok: true, disagreements: [] });
    // The same calls again append whole.
    const again = await Promise.all(calls.map((c, i) => record(db, group[i].viewer, c.entries, c.requestId)));
    for (const r of again) expect(r.entries).toHaveLength(2);
  }, 120_000);
});
