import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { witnessOnce } from '../../src/ledger/log-witness-client';
import { cosign, verifyCosignature } from '../../src/proof/checkpoint';
import { COSIGNATURE_TYPE, encodeSignerKey, encodeVerifierKey, generateSigner, NoteSigner, parseNote } from '../../src/proof/signed-note';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';
import { runJob } from '../support/supervision-fixtures';
import { dropLastEntry, rebuildLog, rewriteTail } from '../support/tamper';
import { fixedClock } from '../../src/shared/clock';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const log = generateSigner('test.example/ledger');
const fire = generateSigner('fire.example/witness', COSIGNATURE_TYPE);
const city = generateSigner('city.example/witness', COSIGNATURE_TYPE);
let db: TestDatabase;
let server: RunningServer;
let base: string;
let a: Trader;
let regulatorToken: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-witness-'));

const integrate = async () => {
  const integrator = new LogIntegrator(db.orm.em.fork(), log, ledgerClock());
  await integrator.integrateAll();
  return integrator.checkpoint();
};
const witness = (signer: NoteSigner) => witnessOnce({ url: base, witness: signer, stateFile: path.join(dir, `${signer.name.split('.')[0]}.json`), now: () => 1_790_000_000 });

async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as any;
}
const REGISTER = `mutation($key: String!, $holder: String!) { registerLogWitness(input: { key: $key, holder: $holder }) { name holder registeredBy } }`;
const notices = async (kind: string) => (await superuser(db, (c) => c.query(`select severity, payload from notification where kind = $1`, [kind]))).rows;

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config: loadConfig({ NODE_ENV: 'test' }), logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: encodeVerifierKey(log) },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  a = await registerTrader(db, 51);
  regulatorToken = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'reg-1', expiresInSeconds: 600 });
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

describe('witnesses', () => {
  it('are registered by a regulator, by their cosignature key', async () => {
    const partner = await mintToken(SECRET, { role: Role.PARTNER, subject: 'p', department: 'FIRE_RESCUE', expiresInSeconds: 600 });
    expect((await gql(REGISTER, { key: encodeVerifierKey(fire), holder: '消防救援' }, partner)).errors[0].extensions.code).toBe('FORBIDDEN');
    for (const [key, holder, field] of [['nonsense', '消防救援', 'input.key'], [encodeVerifierKey(log), '消防救援', 'input.key'], [encodeVerifierKey(fire), ' ', 'input.holder']]) {
      expect((await gql(REGISTER, { key, holder }, regulatorToken)).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await gql(REGISTER, { key: encodeVerifierKey(fire), holder: '消防救援' }, regulatorToken)).data.registerLogWitness).toEqual({ name: fire.name, holder: '消防救援', registeredBy: 'reg-1' });
    expect((await gql(REGISTER, { key: encodeVerifierKey(city), holder: '市应急管理局' }, regulatorToken)).data.registerLogWitness.name).toBe(city.name);
    expect((await gql(REGISTER, { key: encodeVerifierKey(city), holder: 'again' }, regulatorToken)).errors[0].extensions.code).toBe('CONFLICT');
    expect((await gql('{ logWitnesses { totalCount edges { node { name } } } }', {}, regulatorToken)).data.logWitnesses.totalCount).toBe(2);
  });

  it('cosign checkpoints that extend the last they hold; the log serves them with the checkpoint', async () => {
    await record(db, a.viewer, [inbound(a.product, { quantity: '100' }), inbound(a.product, { quantity: '7', batch: 'B2' })]);
    await integrate();
    expect(await witness(fire)).toEqual({ status: 'COSIGNED', size: 2, witness: fire.name });
    expect(await witness(city)).toMatchObject({ status: 'COSIGNED', size: 2 });
    await record(db, a.viewer, Array.from({ length: 5 }, (_, i) => inbound(a.product, { batch: `C${i}` })));
    await integrate();
    expect(await witness(fire)).toMatchObject({ status: 'COSIGNED', size: 7 });
    expect(await witness(city)).toMatchObject({ status: 'COSIGNED', size: 7 });
    // The note and its cosignature lines, in the witnesses' registration order, read by one statement.
    const served = await countStatements(async () => (await fetch(`${base}/checkpoint`)).text());
    expect(served.statements).toBe(1);
    const note = parseNote(served.result);
    expect(note.signatures.map((s) => s.name)).toEqual([log.name, fire.name, city.name]);
    expect(verifyCosignature(note, fire)).toBe(1_790_000_000);
    expect(verifyCosignature(note, city)).toBe(1_790_000_000);
  });

  it('refuse a cosignature the log cannot verify, or from a stranger', async () => {
    const post = (body: unknown) => fetch(`${base}/log/cosignatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const stranger = generateSigner('stranger.example/witness', COSIGNATURE_TYPE);
    const line = (signer: NoteSigner, size: number) => cosign(`${log.name}\n${size}\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`, signer, 1);
    expect((await post({ size: 7, cosignature: line(stranger, 7) })).status).toBe(404);
    const forged = await post({ size: 7, cosignature: line(fire, 7) });
    expect([forged.status, ((await forged.json()) as any).field]).toEqual([400, 'cosignature']);
    expect((await post({ size: 99, cosignature: line(fire, 99) })).status).toBe(404);
  });

  it('both refuse a history the attacker rewrote, and the regulators get one CRITICAL LOG_INCONSISTENT', async () => {
    // The tail rewritten consistently and the log rebuilt from it: the server signs the forged tree with its own key.
    await rewriteTail(db, a.code, 6, '999.000');
    await rebuildLog(db);
    await integrate();
    for (const w of [fire, city]) expect(await witness(w)).toMatchObject({ status: 'REFUSED', reason: 'FORK', heldSize: 7, latestSize: 7, reported: true });
    // Then the last entry deleted, the head moved back, and the log rebuilt again: the tree shrinks.
    await dropLastEntry(db, a.code);
    await rebuildLog(db);
    await integrate();
    expect(await witness(fire)).toMatchObject({ status: 'REFUSED', reason: 'ROLLBACK', heldSize: 7, latestSize: 6 });
    // And new entries on top, so the tree outgrows what the witnesses hold: no consistency proof can exist.
    await record(db, a.viewer, [inbound(a.product, { batch: 'D1' }), inbound(a.product, { batch: 'D2' })]);
    await integrate();
    expect(await witness(city)).toMatchObject({ status: 'REFUSED', reason: 'INCONSISTENT', heldSize: 7, latestSize: 8 });
    const critical = await notices('LOG_INCONSISTENT');
    expect(critical).toEqual([expect.objectContaining({ severity: 'CRITICAL', payload: expect.objectContaining({ size: 7, witness: fire.name }) })]);
    // Their held checkpoints stay, as evidence.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'fire.json'), 'utf8')).checkpoint).toContain('\n7\n');
  });

  it('a report the log’s tree contradicts raises nothing', async () => {
    const note = await (await fetch(`${base}/checkpoint`)).text();
    const answer = await fetch(`${base}/log/inconsistency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkpoint: note }) });
    expect(answer.status).toBe(409);
    const unsigned = await fetch(`${base}/log/inconsistency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkpoint: 'x\n1\n\n' }) });
    expect([unsigned.status, ((await unsigned.json()) as any).field]).toEqual([400, 'checkpoint']);
    expect(await notices('LOG_INCONSISTENT')).toHaveLength(1);
  });

  it('the witness-cosign job lets this server witness another log, as npm run witness does, whatever its address spent on pages', async () => {
    const peer = generateSigner('peer.example/witness', COSIGNATURE_TYPE);
    await gql(REGISTER, { key: encodeVerifierKey(peer), holder: '邻市应急管理局' }, regulatorToken);
    // The job's requests come from this address, as a peer server's users' would: their budget (ANONYMOUS_RATE_*) spent first.
    let refused = 0;
    for (let i = 0; i < 200 && refused === 0; i++) if ((await fetch(`${base}/p/${a.product}`)).status === 429) refused = i;
    expect(refused).toBeGreaterThan(0);
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_WITNESS_KEY: encodeSignerKey(peer), LOG_WITNESS_LOGS: `${base}|${encodeVerifierKey(log)}` });
    const first = await runJob(db, ledgerClock(), 'witness-cosign', config);
    expect([first.status, first.counts]).toEqual(['SUCCEEDED', expect.objectContaining({ cosigned: 1 })]);
    await record(db, a.viewer, [inbound(a.product, { batch: 'E1' })]);
    await integrate();
    expect((await runJob(db, ledgerClock(), 'witness-cosign', config)).counts).toMatchObject({ cosigned: 1 });
    expect(parseNote(await (await fetch(`${base}/checkpoint`)).text()).signatures.map((s) => s.name)).toEqual([log.name, peer.name]);
  });

  it('a witness that stops cosigning newer checkpoints raises one WARNING per witness', async () => {
    const later = fixedClock('2026-11-26T10:30:00.000Z');
    const run = await runJob(db, later, 'witness-staleness');
    // fire and city last cosigned before the log was rebuilt; peer cosigned the latest.
    expect(run.counts).toMatchObject({ warned: 2 });
    expect((await notices('LOG_WITNESS_STALE')).map((n) => [n.severity, n.payload.witness]).sort()).toEqual([['WARNING', city.name], ['WARNING', fire.name]]);
    expect((await runJob(db, later, 'witness-staleness')).counts).toMatchObject({ alreadyWarned: 2 });
    expect((await runJob(db, ledgerClock(), 'witness-staleness')).counts.warned ?? 0).toBe(0);
  });
});
