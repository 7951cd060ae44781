/**
 * Live ledger feed (docs/feeds.md): the
 * ledgerEntries subscription over a real WebSocket delivers committed entries
 * in log order from a position; a client resuming from its last position gets
 * no gap and no duplicate; the `movements` rules apply at subscribe time.
 */
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { systemClock } from '../../src/shared/clock';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET, startTestServer } from '../support/http';
import { inbound, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let maker: Trader;
let buyer: Trader;
const clients: Client[] = [];

function connect(token?: string): Client {
  const client = createClient({ url: http.base.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0, lazy: true });
  clients.push(client);
  return client;
}

const FEED = `subscription($after: String, $enterprise: CreditCode) { ledgerEntries(after: $after, enterprise: $enterprise) { position entry { seq quantity chain } } }`;

/** Takes `n` items from a subscription, then completes it. */
function take(client: Client, n: number, variables: Record<string, unknown> = {}): Promise<{ position: string; entry: { seq: number; quantity: string; chain: string } }[]> {
  return new Promise((resolve, reject) => {
    const got: any[] = [];
    const stop = client.subscribe({ query: FEED, variables }, {
      next: (result) => {
        if (result.errors) return reject(result.errors);
        got.push((result.data as any).ledgerEntries);
        if (got.length === n) {
          stop();
          resolve(got);
        }
      },
      error: reject,
      complete: () => resolve(got),
    });
  });
}

function refusal(client: Client, variables: Record<string, unknown> = {}): Promise<unknown> {
  return new Promise((resolve) => {
    client.subscribe({ query: FEED, variables }, { next: (r) => resolve(r.errors?.map((e) => e.extensions?.code)), error: (e) => resolve(Array.isArray(e) ? e.map((x) => x.extensions?.code) : (e as { code?: number }).code ?? e), complete: () => resolve('complete') });
  });
}

const integrate = () => new LogIntegrator(db.orm.em.fork(), generateSigner('test.example/ledger'), systemClock).integrate();

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  maker = await registerTrader(db, 41, 1381); // chlorine: highly toxic
  buyer = await registerTrader(db, 42, 2828);
  await record(db, maker.viewer, [inbound(maker.product, { batch: 'L1', quantity: '50' }), outbound(maker.product, { batch: 'L1', quantity: '5' })]);
  await record(db, buyer.viewer, [inbound(buyer.product, { batch: 'B1', quantity: '3' })]);
  await integrate();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await http.stop();
  await db.close();
});

describe('ledgerEntries subscription', () => {
  it('delivers committed entries in log order, then new ones as the log grows, and resumes without gap or duplicate', async () => {
    const regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r-1', expiresInSeconds: 600 });
    const live = take(connect(regulator), 5);
    await new Promise((r) => setTimeout(r, 300));
    await record(db, buyer.viewer, [inbound(buyer.product, { batch: 'B2', quantity: '7' }), inbound(buyer.product, { batch: 'B3', quantity: '8' })]);
    await integrate();
    const items = await live;
    expect(items.map((i) => i.position)).toEqual(['0', '1', '2', '3', '4']);
    expect(items.map((i) => i.entry.quantity)).toEqual(['50.000', '5.000', '3.000', '7.000', '8.000']);
    // Reconnect after the third position received: exactly the rest.
    const resumed = await take(connect(regulator), 2, { after: items[2].position });
    expect(resumed.map((i) => i.position)).toEqual(['3', '4']);
  });

  it('gives an enterprise its own chain only, and a partner department what its mandate allows', async () => {
    const own = await take(connect(await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'e-42', enterprise: buyer.code, expiresInSeconds: 600 })), 3);
    expect(new Set(own.map((i) => i.entry.chain))).toEqual(new Set([buyer.code]));
    const police = await take(connect(await mintToken(SECRET, { role: Role.PARTNER, subject: 'ps-1', department: 'PUBLIC_SECURITY', expiresInSeconds: 600 })), 2);
    expect(police.map((i) => i.entry.chain)).toEqual([maker.code, maker.code]);
  });

  it('refuses at subscribe time: another enterprise\u2019s chain, a department without the mandate, a bad position, no token or a forged one', async () => {
    const enterprise = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'e-42', enterprise: buyer.code, expiresInSeconds: 600 });
    expect(await refusal(connect(enterprise), { enterprise: maker.code })).toEqual(['FORBIDDEN']);
    expect(await refusal(connect(await mintToken(SECRET, { role: Role.PARTNER, subject: 'fr-1', department: 'FIRE_RESCUE', expiresInSeconds: 600 })))).toEqual(['FORBIDDEN']);
    expect(await refusal(connect(enterprise), { after: '-1' })).toEqual(['BAD_USER_INPUT']);
    expect(await refusal(connect())).toEqual(['UNAUTHENTICATED']);
    expect(await refusal(connect(`${enterprise}x`))).toBe(4403); // a forged token opens no connection
  });
});
