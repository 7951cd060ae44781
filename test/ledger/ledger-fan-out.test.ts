/**
 * The live ledger feeds' shared reader (docs/feeds.md): subscribers over real
 * WebSockets with different rights and filters, some from the log's start,
 * some from a position, some live, each get exactly what the per-subscriber
 * database read gives them (the `movements` rules), in log order, while the log
 * grows; a client that disconnects and resumes from its last position misses
 * nothing and gets nothing twice; and a range of the log is read once for
 * every subscriber, not once per subscriber.
 */
import { Client } from 'graphql-ws';
import { mintToken } from '../../src/access/tokens';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { Role, Viewer } from '../../src/access/viewer';
import { LedgerFeedService } from '../../src/ledger/ledger-feed.service';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { MovementFilter } from '../../src/ledger/movement-visibility';
import { MovementReason } from '../../src/ledger/ledger.enums';
import { generateSigner } from '../../src/proof/signed-note';
import { Unit } from '../../src/registry/registry.enums';
import { systemClock } from '../../src/shared/clock';
import { openTestDatabase, TestDatabase } from '../support/database';
import { feedClients } from '../support/feed-client';
import { registerEnterprise, registerProduct, registerWarehouse } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { inbound, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';

let db: TestDatabase;
let shared: Awaited<ReturnType<typeof startTestServer>>;
let ownReads: Awaited<ReturnType<typeof startTestServer>>;
let maker: Trader; // chlorine: highly toxic, 高桥镇
let buyer: Trader; // 高桥镇
let farther: Trader; // 曹路镇
const feeds: ReturnType<typeof feedClients>[] = [];
const signer = generateSigner('test.example/ledger');

const FEED = `subscription($after: String, $enterprise: CreditCode, $product: String, $reason: MovementReason, $direction: Direction) {
  ledgerEntries(after: $after, enterprise: $enterprise, product: $product, reason: $reason, direction: $direction) { position entry { chain seq reason quantity } }
}`;

type Item = { position: string; entry: { chain: string; seq: number } };

const integrate = () => new LogIntegrator(db.orm.em.fork(), signer, systemClock).integrate();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tip = async () => BigInt((await db.orm.em.getConnection().execute<{ tip: string }[]>(`select coalesce(max(log_index), -1)::text as tip from log_leaf`))[0].tip);

async function partner(department: string): Promise<Viewer> {
  const [row] = await db.orm.em.getConnection().execute<{ mandates: string[] }[]>(`select mandates from department where code = ?`, [department]);
  return { role: Role.PARTNER, subject: `p-${department}`, department, mandates: row.mandates } as Viewer;
}

async function token(viewer: Viewer): Promise<string> {
  return mintToken(SECRET, { ...(viewer as object), role: viewer.role!, subject: viewer.subject, expiresInSeconds: 600 } as Parameters<typeof mintToken>[1]);
}

/** What the per-subscriber database read (movementConditions in SQL) gives `viewer` after `after`: the oracle. */
async function expected(viewer: Viewer, after: bigint, filter: MovementFilter): Promise<string[]> {
  const { items } = await new LedgerFeedService(db.orm.em.fork()).after(viewer, after, filter, 100_000);
  return items.map((i) => i.position);
}

/** Every entry kind, on every chain: receipts, sales, disposals. */
async function appendRound(round: number): Promise<void> {
  for (const t of [maker, buyer, farther]) {
    await record(db, t.viewer, [
      inbound(t.product, { batch: `R${round}`, quantity: '30' }),
      outbound(t.product, { batch: `R${round}`, quantity: '4' }),
      outbound(t.product, { batch: `R${round}`, quantity: '1', reason: MovementReason.DISPOSAL }),
    ]);
  }
  await integrate();
}

beforeAll(async () => {
  db = await openTestDatabase();
  shared = await startTestServer(db);
  ownReads = await startTestServer(db, { LEDGER_FEED_SHARED_READ: 'false' });
  maker = await registerTrader(db, 51, 1381);
  buyer = await registerTrader(db, 52, 2828);
  const em = db.orm.em.fork();
  const far = await registerEnterprise(em, 53, { town: '曹路镇' });
  await registerWarehouse(em, far.creditCode, 'W1');
  const farProduct = await registerProduct(em, far.creditCode, 2828, Unit.KG);
  farther = { code: far.creditCode, viewer: { role: Role.ENTERPRISE, subject: 'e-53', enterprise: far.creditCode } as Viewer, product: farProduct.traceCode };
  // More than one page (100) of the log before anyone subscribes, so a feed from the start reads the database before it reaches what is held.
  for (let round = 0; round < 14; round++) await appendRound(round);
});
afterAll(async () => {
  await Promise.all(feeds.map((f) => f.dispose()));
  await shared.stop();
  await ownReads.stop();
  await db.close();
});

describe('ledgerEntries: one shared reader', () => {
  it('gives each subscriber what its rights and filter allow, in log order, from the start, a position or live, while the log grows', async () => {
    const feed = feedClients(shared.base);
    feeds.push(feed);
    const regulator = { role: Role.REGULATOR, subject: 'r-1', level: EnforcementLevel.DISTRICT } as Viewer;
    const town = { role: Role.REGULATOR, subject: 'r-town', level: EnforcementLevel.TOWN, town: '高桥镇' } as Viewer;
    const now = await tip();
    const subscribers: { name: string; viewer: Viewer; after: bigint; filter: MovementFilter }[] = [
      { name: 'regulator from the start', viewer: regulator, after: -1n, filter: {} },
      { name: 'regulator from a position', viewer: regulator, after: 57n, filter: {} },
      { name: 'regulator live', viewer: regulator, after: now, filter: {} },
      { name: 'regulator, shipments out', viewer: regulator, after: -1n, filter: { direction: 'OUT' as MovementFilter['direction'] } },
      { name: 'regulator, one product', viewer: regulator, after: now - 20n, filter: { product: maker.product } },
      { name: 'regulator, disposals of a chain', viewer: regulator, after: -1n, filter: { enterprise: buyer.code, reason: MovementReason.DISPOSAL } },
      { name: 'town regulator', viewer: town, after: -1n, filter: {} },
      { name: 'enterprise, its own chain', viewer: buyer.viewer, after: now, filter: {} },
      { name: 'public security: controlled chemicals', viewer: await partner('PUBLIC_SECURITY'), after: -1n, filter: {} },
      { name: 'ecology: disposals', viewer: await partner('ECOLOGY_ENVIRONMENT'), after: now - 5n, filter: {} },
    ];
    const rounds = 4;
    // Each subscription keeps every item until stopped; what it should hold is known once the rounds are in.
    const streams = await Promise.all(
      subscribers.map(async (s) => {
        const client: Client = feed.connect(await token(s.viewer));
        const got: Item[] = [];
        const errors: unknown[] = [];
        const stop = client.subscribe(
          { query: FEED, variables: { after: s.after >= 0n ? s.after.toString() : null, ...s.filter } },
          { next: (r) => (r.errors ? errors.push(r.errors) : got.push((r.data as { ledgerEntries: Item }).ledgerEntries)), error: (e) => errors.push(e), complete: () => undefined },
        );
        return { s, got, errors, stop };
      }),
    );
    await pause(600);
    for (let round = 100; round < 100 + rounds; round++) {
      await appendRound(round);
      await pause(100);
    }
    const oracle = await Promise.all(subscribers.map((s) => expected(s.viewer, s.after, s.filter)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && streams.some((st, i) => st.got.length < oracle[i].length)) await pause(100);
    await pause(500); // nothing more should come
    for (const [i, st] of streams.entries()) {
      st.stop();
      expect({ name: st.s.name, errors: st.errors, positions: st.got.map((g) => g.position) }).toEqual({ name: st.s.name, errors: [], positions: oracle[i] });
    }
    // The rules discriminate: every subscriber got something, and not all the same.
    expect(oracle.every((o) => o.length > 0)).toBe(true);
    expect(new Set(oracle.map((o) => o.length)).size).toBeGreaterThan(4);
    expect(new Set(streams[7].got.map((g) => g.entry.chain))).toEqual(new Set([buyer.code]));
    expect(streams[6].got.some((g) => g.entry.chain === farther.code)).toBe(false);
  });

  it('resumes from the last position received, across reconnects, with no gap and no duplicate while entries keep coming', async () => {
    const feed = feedClients(shared.base);
    feeds.push(feed);
    const regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r-2', expiresInSeconds: 600 });
    const start = await tip();
    const all: Item[] = [];
    let after = start;
    const writing = (async () => {
      for (let round = 200; round < 206; round++) {
        await appendRound(round);
        await pause(150);
      }
    })();
    // Three connections, each dropped after a handful of items, the next resuming from the last one received.
    for (let connection = 0; connection < 3; connection++) {
      const client = feed.connect(regulator);
      all.push(...(await feed.take<Item>(client, FEED, 7, { after: after.toString() })));
      await client.dispose();
      after = BigInt(all[all.length - 1].position);
    }
    await writing;
    const end = await tip();
    all.push(...(await feed.take<Item>(feed.connect(regulator), FEED, Number(end - after), { after: after.toString() })));
    const positions = all.map((i) => BigInt(i.position));
    expect(positions).toEqual(Array.from({ length: Number(end - start) }, (_, k) => start + 1n + BigInt(k)));
  });

  it('reads each new range of the log once for all its subscribers; with LEDGER_FEED_SHARED_READ=false each reads it on its own', async () => {
    const regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r-3', expiresInSeconds: 600 });
    const entryReads = async (server: typeof shared) => {
      const feed = feedClients(server.base);
      feeds.push(feed);
      const from = await tip();
      const clients = Array.from({ length: 8 }, () => feed.connect(regulator));
      const { result, sql } = await countStatements(async () => {
        const takes = clients.map((c) => feed.take<Item>(c, FEED, 9, { after: from.toString() }));
        await pause(600);
        await appendRound(300 + Number(from));
        return Promise.all(takes);
      });
      for (const got of result) expect(got.map((g) => BigInt(g.position))).toEqual(Array.from({ length: 9 }, (_, k) => from + 1n + BigInt(k)));
      return sql.filter((s) => /from "ledger_entry" as "l0"/.test(s)).length;
    };
    const sharedReads = await entryReads(shared);
    const separateReads = await entryReads(ownReads);
    expect(sharedReads).toBeLessThanOrEqual(2);
    expect(separateReads).toBeGreaterThanOrEqual(8);
  });
});
