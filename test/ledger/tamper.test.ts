/**
 * The attacks of issue #11, each made as a superuser would (triggers
 * disabled, the canonical-agreement constraint satisfied), and which verifier
 * catches it: the server's verifyChain (chain checks and crossCheckChain), the
 * nightly ledger-verification job, the offline verifier (npm run verify, with
 * a checkpoint saved before) and a witness. docs/verification.md tells the story.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { witnessOnce } from '../../src/ledger/log-witness-client';
import { LogWitnessService } from '../../src/ledger/log-witness.service';
import { COSIGNATURE_TYPE, encodeVerifierKey, generateSigner } from '../../src/proof/signed-note';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { registerProduct, regulator } from '../support/fixtures';
import { inbound, ledgerClock, outbound, record, registerTrader, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';
import { runJob } from '../support/supervision-fixtures';
import { dropLastEntry, rebuildLog, rewriteTail } from '../support/tamper';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-for-the-tamper-tests-0123456789';
const log = generateSigner('test.example/ledger');
const LOG_KEY = encodeVerifierKey(log);
const witness = generateSigner('fire.example/witness', COSIGNATURE_TYPE);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-tamper-'));
const file = (name: string) => path.join(dir, name);
let db: TestDatabase;
let server: RunningServer;
let base: string;
let token: string;
/** Seller, buyer, and one chain per remaining attack. */
let seller: Trader, buyer: Trader, shrunk: Trader, repointed: Trader, versioned: Trader, rewound: Trader;
const heads: Record<string, string> = {};

async function verifyScript(...args: string[]) {
  return promisify(execFile)(process.execPath, [path.join(__dirname, '../../scripts/verify-chain.mjs'), ...args]).then(
    (r) => ({ code: 0, report: JSON.parse(r.stdout) }),
    (e) => ({ code: e.code as number, report: e.stdout ? JSON.parse(e.stdout) : null, err: e.stderr as string }),
  );
}
const online = (chain: string, ...extra: string[]) => verifyScript('--url', server.url, '--token', token, '--enterprise', chain, ...extra);

async function serverVerify(chain: string, crossCheck = true) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `query($c: CreditCode!, $x: Boolean!) { verifyChain(creditCode: $c, crossCheck: $x) { ok failure { seq reason } disagreements { kind seq message } } }`, variables: { c: chain, x: crossCheck } }),
  });
  return ((await response.json()) as any).data.verifyChain;
}
const kinds = (result: { disagreements: { kind: string }[] }) => [...new Set(result.disagreements.map((d) => d.kind))].sort();

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config: loadConfig({ NODE_ENV: 'test' }), logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: LOG_KEY },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'auditor', expiresInSeconds: 600 });
  [seller, buyer, shrunk, repointed, versioned, rewound] = await Promise.all([61, 62, 63, 64, 65, 66].map((n) => registerTrader(db, n)));

  // A ledger with every kind of row: production from inputs, a sale received by its buyer, a correction.
  await record(db, seller.viewer, [inbound(seller.product, { batch: 'RAW', quantity: '50' })]);
  await record(db, seller.viewer, [inbound(seller.product, { batch: 'L1', quantity: '100', inputs: [{ product: seller.product, batch: 'RAW' }] })]);
  const sale = (await record(db, seller.viewer, [outbound(seller.product, { batch: 'L1', quantity: '40', counterparty: buyer.code })])).entries[0];
  await record(db, buyer.viewer, [inbound(seller.product, { reason: 'PURCHASE' as any, batch: 'L1', quantity: '40', counterparty: seller.code, sourceHash: sale.hash })]);
  const wrong = (await record(db, seller.viewer, [inbound(seller.product, { batch: 'L2', quantity: '9' })])).entries[0];
  await record(db, seller.viewer, [outbound(seller.product, { reason: 'CORRECTION' as any, batch: 'L2', quantity: '2', corrects: wrong.hash })]);
  for (const t of [shrunk, repointed, versioned, rewound]) {
    await record(db, t.viewer, [inbound(t.product, { batch: 'A', quantity: '10' }), inbound(t.product, { batch: 'B', quantity: '5' })]);
    await record(db, t.viewer, [outbound(t.product, { batch: 'A', quantity: '3' })]);
  }
  await new LogIntegrator(db.orm.em.fork(), log, ledgerClock()).integrateAll();
  await new LogIntegrator(db.orm.em.fork(), log, ledgerClock()).checkpoint();
  await new LogWitnessService(db.orm.em.fork(), ledgerClock()).register(regulator, { key: encodeVerifierKey(witness), holder: '消防救援' });
  // What outsiders hold from yesterday: the checkpoint, a bundle, each chain's head.
  fs.writeFileSync(file('checkpoint'), await (await fetch(`${base}/checkpoint`)).text());
  for (const t of [seller, buyer, shrunk, repointed, versioned, rewound]) {
    const { rows } = await superuser(db, (c) => c.query(`select last_seq, last_hash from ledger_chain where chain = $1`, [t.code]));
    heads[t.code] = `${rows[0].last_seq}:${rows[0].last_hash}`;
  }
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

describe('before any attack', () => {
  it('every verifier finds the ledger sound, and a bundle verifies offline', async () => {
    for (const t of [seller, buyer, shrunk]) expect(await serverVerify(t.code)).toEqual({ ok: true, failure: null, disagreements: [] });
    const saved = await online(seller.code, '--log-key', LOG_KEY, '--checkpoint', file('checkpoint'), '--expect-head', heads[seller.code], '--save-bundle', file('seller.bundle'));
    expect(saved).toMatchObject({ code: 0, report: { ok: true, checked: 5, logged: 5 } });
    expect(await verifyScript('--bundle', file('seller.bundle'), '--log-key', LOG_KEY)).toMatchObject({ code: 0, report: { ok: true, logged: 5 } });
    expect((await verifyScript('--bundle', file('seller.bundle'))).code).toBe(2);
    expect(await witnessOnce({ url: base, witness, logKey: log, stateFile: file('witness.json'), now: () => 1_790_000_000 })).toMatchObject({ status: 'COSIGNED' });
  });
});

describe('the attacks', () => {
  it("the seller's tail rewritten consistently: the chain alone is sound; balances, the shipment, the buyer's receipt, the log and the offline verifier say otherwise", async () => {
    await rewriteTail(db, seller.code, 3, '30.000');
    expect(await online(seller.code)).toMatchObject({ code: 0 });
    expect(await serverVerify(seller.code, false)).toEqual({ ok: true, failure: null, disagreements: [] });
    const seen = await serverVerify(seller.code);
    expect([seen.ok, seen.failure]).toEqual([false, null]);
    // LINK_MISMATCH: the correction still names the wrong entry by its old hash.
    expect(kinds(seen)).toEqual(['BALANCE_MISMATCH', 'LINK_MISMATCH', 'LOG_MISMATCH', 'SHIPMENT_MISMATCH']);
    // The buyer's receipt names the shipment by its old hash: no such OUT now, and source_entry_id names an entry with another hash.
    expect(kinds(await serverVerify(buyer.code))).toEqual(['LINK_MISMATCH', 'RECEIPT_SOURCE_MISSING']);
    const offline = await online(seller.code, '--log-key', LOG_KEY, '--checkpoint', file('checkpoint'));
    expect(offline).toMatchObject({ code: 1, report: { ok: false, logged: 2, failure: { seq: 3, reason: 'NOT_IN_LOG' } } });
    // The bundle saved yesterday still verifies: it is yesterday's truth, kept outside the server.
    expect((await verifyScript('--bundle', file('seller.bundle'), '--log-key', LOG_KEY)).code).toBe(0);
  });

  it('the last entry deleted and the head moved back: the log still holds it, and the head held from before is not extended', async () => {
    await dropLastEntry(db, shrunk.code);
    expect(await online(shrunk.code, '--log-key', LOG_KEY, '--checkpoint', file('checkpoint'))).toMatchObject({ code: 0 });
    expect(await online(shrunk.code, '--expect-head', heads[shrunk.code])).toMatchObject({ code: 1, report: { failure: { seq: 3, reason: 'HEAD_NOT_EXTENDED' } } });
    const seen = await serverVerify(shrunk.code);
    expect(seen.ok).toBe(false);
    expect(kinds(seen)).toEqual(['BALANCE_MISMATCH', 'LOG_MISMATCH', 'REQUEST_MISMATCH']);
  });

  it('product_id re-pointed to another product, the trace code left: the id column and the API link disagree with canonical', async () => {
    const other = await registerProduct(db.orm.em.fork(), repointed.code, 1381);
    await tamperEntries(db, `update ledger_entry set product_id = $2 where chain = $1 and seq = 2`, [repointed.code, other.id], { keepAgreement: true });
    const seen = await serverVerify(repointed.code);
    expect(seen.disagreements).toEqual([{ kind: 'LINK_MISMATCH', seq: 2, message: expect.stringContaining(`canonical names ${repointed.product}`) }]);
    expect(await online(repointed.code)).toMatchObject({ code: 1, report: { failure: { seq: 2, reason: 'LINK_MISMATCH' } } });
  });

  it('the version column changed: every verifier compares it with canonical', async () => {
    await tamperEntries(db, `update ledger_entry set version = 2 where chain = $1 and seq = 1`, [versioned.code], { keepAgreement: true });
    expect((await serverVerify(versioned.code)).failure).toEqual({ seq: 1, reason: 'CANONICAL_MISMATCH' });
    expect(await online(versioned.code)).toMatchObject({ code: 1, report: { failure: { seq: 1, reason: 'CANONICAL_MISMATCH' } } });
  });

  it('the head moved back with entries left past it', async () => {
    await superuser(db, (c) =>
      c.query(`update ledger_chain set last_seq = 2, last_hash = (select hash from ledger_entry where chain = $1 and seq = 2) where chain = $1`, [rewound.code]),
    );
    expect((await serverVerify(rewound.code)).failure).toEqual({ seq: 3, reason: 'HEAD_MISMATCH' });
    expect(await online(rewound.code)).toMatchObject({ code: 1, report: { failure: { seq: 3, reason: 'HEAD_MISMATCH' } } });
  });

  it('the nightly job raises a CRITICAL alert on every attacked chain, naming why', async () => {
    const run = await runJob(db, ledgerClock(), 'ledger-verification');
    expect(run.counts).toMatchObject({ broken: 2, contradicted: 4 });
    const { rows } = await superuser(db, (c) => c.query(`select chain, entry_seq, chain_failure from alert where code = 'CHAIN_BROKEN' order by chain, chain_failure`));
    const by = (t: Trader) => rows.filter((r) => r.chain === t.code).map((r) => r.chain_failure);
    expect(by(seller)).toEqual(['BALANCE_MISMATCH', 'LINK_MISMATCH', 'LOG_MISMATCH', 'SHIPMENT_MISMATCH']);
    expect(by(buyer)).toEqual(['LINK_MISMATCH', 'RECEIPT_SOURCE_MISSING']);
    expect(by(shrunk)).toEqual(['BALANCE_MISMATCH', 'LOG_MISMATCH', 'REQUEST_MISMATCH']);
    expect(by(repointed)).toEqual(['LINK_MISMATCH']);
    expect(by(versioned)).toEqual(['CANONICAL_MISMATCH']);
    expect(by(rewound)).toEqual(['HEAD_MISMATCH']);
  });

  it('the log rebuilt over the rewritten history: the witness refuses, and --since fails offline', async () => {
    await rebuildLog(db);
    await new LogIntegrator(db.orm.em.fork(), log, ledgerClock()).integrateAll();
    await new LogIntegrator(db.orm.em.fork(), log, ledgerClock()).checkpoint();
    expect(await witnessOnce({ url: base, witness, logKey: log, stateFile: file('witness.json'), now: () => 1_790_000_100 })).toMatchObject({ status: 'REFUSED' });
    // Against the forged checkpoint alone the seller's entries prove; against the one held since, the log is caught.
    expect(await online(seller.code, '--log-key', LOG_KEY)).toMatchObject({ code: 0 });
    expect(await online(seller.code, '--log-key', LOG_KEY, '--since', file('checkpoint'))).toMatchObject({ code: 1, report: { failure: { reason: 'LOG_INCONSISTENT' } } });
    // A checkpoint without the witness's cosignature is refused when the witness key is asked for.
    expect(await online(seller.code, '--log-key', LOG_KEY, '--witness-key', encodeVerifierKey(witness))).toMatchObject({ code: 1, report: { failure: { reason: 'COSIGNATURE_MISSING' } } });
  });
});
