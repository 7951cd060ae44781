import { MikroORM } from '@mikro-orm/postgresql';
import { ChainVerificationService } from '../../src/ledger/chain-verification.service';
import { GroupCommit } from '../../src/ledger/group-commit';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { AppendedMovement, MovementObserver } from '../../src/ledger/movement-observer';
import { ormConfig } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { openTestDatabase, TestDatabase } from '../support/database';
import { regulator } from '../support/fixtures';
import { pendingAppend } from '../support/group-commit-calls';
import { inbound, ledgerClock, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

// Two pools, each with its own GroupCommit, on one database: what two server processes share is the
// database alone (the chain heads' row locks), which is what this exercises.
let db: TestDatabase;
let second: MikroORM;
let traders: Trader[];

beforeAll(async () => {
  db = await openTestDatabase();
  second = await MikroORM.init(ormConfig(db.url, entities, { pool: { min: 0, max: 10 } }));
  traders = await Promise.all(Array.from({ length: 4 }, (_, i) => registerTrader(db, 60 + i)));
  for (const t of traders) await record(db, t.viewer, [inbound(t.product, { batch: 'POOL', quantity: '100' })], `stock-${t.code}`);
});
afterAll(async () => {
  await second?.close(true);
  await db.close();
});

/** Groups of calls each transaction of one pool's GroupCommit wrote (by txid). */
function groupSizes(): { observer: MovementObserver; sizes: Map<string, number> } {
  const sizes = new Map<string, number>();
  const observer: MovementObserver = {
    async afterAppend(em, movements: readonly AppendedMovement[]) {
      const [{ txid }] = await em.getConnection().execute('select txid_current()::text as txid', [], 'all', em.getTransactionContext());
      sizes.set(txid, new Set(movements.map((m) => m.chain)).size);
    },
  };
  return { observer, sizes };
}

interface Sent {
  pool: 0 | 1;
  trader: Trader;
  requestId: string;
  entry: MovementInput;
}

type Answer = { requestId: string; replayed: boolean; entries: { chain: string; seq: number; hash: string; batch: string; direction: string; requestId: string }[] };

describe('group commit across two pools (as two server processes)', () => {
  it('single submissions to the same chains through both: chains intact, no duplicates, each caller its own entry', async () => {
    const seen = [groupSizes(), groupSizes()];
    const commits = [db.orm, second].map((orm, i) => new GroupCommit(orm.em.fork(), [seen[i].observer], { enabled: true, windowMs: 5, maxEntries: 64 }));
    const sent: Sent[] = [];
    for (const trader of traders) {
      for (const pool of [0, 1] as const) {
        for (let k = 0; k < 6; k++) {
          const batch = `P${pool}-${k}`;
          // Half take from the shared batch: the balance must come out right whichever process wrote last.
          const entry = k % 2 ? outbound(trader.product, { reason: 'CONSUMPTION' as never, batch: 'POOL', quantity: '1' }) : inbound(trader.product, { batch, quantity: String(k + 1) });
          sent.push({ pool, trader, requestId: `pools-${trader.code}-${pool}-${k}`, entry });
        }
      }
      // The same submission through both pools at once: appended once, replayed by the other.
      const twice = inbound(trader.product, { batch: 'TWICE', quantity: '7' });
      sent.push({ pool: 0, trader, requestId: `twice-${trader.code}`, entry: twice }, { pool: 1, trader, requestId: `twice-${trader.code}`, entry: twice });
    }
    const pending = await Promise.all(sent.map((s) => pendingAppend([db.orm, second][s.pool].em.fork(), s.trader.code, s.requestId, [s.entry])));
    const answers = (await Promise.all(pending.map((p, i) => commits[sent[i].pool].append(p, ledgerClock())))) as unknown as Answer[];

    answers.forEach((answer, i) => {
      const { trader, requestId, entry } = sent[i];
      expect(answer).toMatchObject({ requestId, entries: [{ chain: trader.code, requestId, batch: entry.batch, direction: entry.direction }] });
    });
    for (const trader of traders) {
      const own = answers.filter((_, i) => sent[i].trader === trader);
      const appended = own.filter((a) => !a.replayed);
      // 12 single calls and the twice-sent one, after the stock entry: seqs 2..14, each once.
      expect(appended.map((a) => a.entries[0].seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 13 }, (_, i) => i + 2));
      const twice = own.filter((a) => a.requestId === `twice-${trader.code}`);
      expect(twice.map((a) => a.replayed).sort()).toEqual([false, true]);
      expect(twice[0].entries[0].hash).toBe(twice[1].entries[0].hash);
      expect(await new ChainVerificationService(db.orm.em.fork()).verifyChain(regulator, trader.code)).toMatchObject({ ok: true, checked: 14, disagreements: [] });
    }

    const rows: { chain: string; entries: string; seqs: string; requests: string; hashes: string; pool: string }[] = await db.orm.em.fork().getConnection().execute(
      `select e.chain, count(*) as entries, count(distinct e.seq) as seqs, count(distinct e.request_id) as requests, count(distinct e.hash) as hashes,
              (select quantity from ledger_balance b where b.warehouse_id = min(e.warehouse_id) and b.product_id = min(e.product_id) and b.batch = 'POOL') as pool
         from ledger_entry e where e.chain = any(array(select jsonb_array_elements_text(?::jsonb))) group by e.chain order by e.chain`,
      [JSON.stringify(traders.map((t) => t.code))],
    );
    expect(rows.map((r) => [Number(r.entries), Number(r.seqs), Number(r.requests), Number(r.hashes), r.pool])).toEqual(traders.map(() => [14, 14, 14, 14, '94.000']));
    // Both processes grouped calls of different chains into one transaction.
    for (const { sizes } of seen) expect(Math.max(...sizes.values())).toBeGreaterThan(1);
  }, 120_000);
});
