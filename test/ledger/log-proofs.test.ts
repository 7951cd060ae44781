import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { parseCheckpoint } from '../../src/proof/checkpoint';
import { leafHash, rootOfLeafHashes, verifyConsistency, verifyInclusion } from '../../src/proof/merkle';
import { encodeVerifierKey, generateSigner, openNote, parseVerifierKey } from '../../src/proof/signed-note';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, outbound, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const signer = generateSigner('test.example/ledger');
let db: TestDatabase;
let server: RunningServer;
let base: string;
let a: Trader;
let b: Trader;
const tokens: Record<string, string> = {};

/** The offline verifier, as an outsider runs it: its exit code and JSON report. */
const verify = (args: string[]) =>
  promisify(execFile)(process.execPath, [path.join(__dirname, '../../scripts/verify-chain.mjs'), ...args]).then(
    ({ stdout }) => ({ code: 0, report: JSON.parse(stdout) }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, report: error.stdout ? JSON.parse(error.stdout) : error.stderr }),
  );
const integrator = () => new LogIntegrator(db.orm.em.fork(), signer, ledgerClock());
const b64 = (values: string[]) => values.map((v) => Buffer.from(v, 'base64'));

async function get(path: string, token?: string) {
  const response = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const type = response.headers.get('content-type') ?? '';
  const body = type.startsWith('application/json') ? await response.json() : type.startsWith('text/') ? await response.text() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, type, body: body as any, headers: response.headers };
}

async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as any;
}

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test' });
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: encodeVerifierKey(signer) },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  a = await registerTrader(db, 41);
  b = await registerTrader(db, 42);
  tokens.regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r', expiresInSeconds: 600 });
  tokens.a = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'a', enterprise: a.code, expiresInSeconds: 600 });
  tokens.b = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'b', enterprise: b.code, expiresInSeconds: 600 });
  tokens.police = await mintToken(SECRET, { role: Role.PARTNER, subject: 'p', department: 'PUBLIC_SECURITY', expiresInSeconds: 600 });
  tokens.fire = await mintToken(SECRET, { role: Role.PARTNER, subject: 'f', department: 'FIRE_RESCUE', expiresInSeconds: 600 });
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

describe('the log over HTTP and GraphQL', () => {
  it('has no checkpoint before the first is signed, and publishes its key', async () => {
    expect((await get('/checkpoint')).status).toBe(404);
    const key = await get('/log/key');
    expect(key.status).toBe(200);
    expect(key.body).toBe(`${encodeVerifierKey(signer)}\n`);
    expect(parseVerifierKey(key.body).id.equals(signer.id)).toBe(true);
    expect((await gql('{ logKey }', {})).data.logKey).toBe(encodeVerifierKey(signer));
  });

  it('serves the signed checkpoint, inclusion proofs that verify against it, and consistency with the next one', async () => {
    await record(db, a.viewer, [inbound(a.product, { quantity: '100' }), outbound(a.product, { quantity: '1', counterparty: b.code })]);
    await record(db, b.viewer, [inbound(b.product, { quantity: '5' })]);
    await integrator().integrateAll();
    await integrator().checkpoint();
    const text = await get('/checkpoint');
    expect(text.type).toMatch(/^text\/plain/);
    const first = parseCheckpoint(openNote(text.body, parseVerifierKey((await get('/log/key')).body)).text);
    expect(first).toMatchObject({ origin: 'test.example/ledger', size: 3 });

    const proved = await get(`/log/entries/${a.code}/2/proof`, tokens.regulator);
    expect(proved.status).toBe(200);
    expect(proved.body).toMatchObject({ treeSize: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/), canonical: expect.stringContaining(`"seq":2`) });
    verifyInclusion(proved.body.logIndex, 3, leafHash(Buffer.from(proved.body.hash, 'hex')), b64(proved.body.proof), first.root);

    await record(db, a.viewer, Array.from({ length: 300 }, (_, i) => inbound(a.product, { batch: `L${i}` })));
    await integrator().integrateAll();
    await integrator().checkpoint();
    const second = parseCheckpoint(openNote((await get('/checkpoint')).body, signer).text);
    expect(second.size).toBe(303);
    const consistency = await get(`/log/consistency?from=3&to=303`);
    expect(consistency.status).toBe(200);
    verifyConsistency(3, 303, b64(consistency.body.proof), first.root, second.root);
    // Proofs come from the tiles' stored interiors; tiles written before those were kept (interior null) give the same from their hashes.
    const leaves = (await superuser(db, (c) => c.query<{ hash: string }>(`select e.hash from log_leaf l join ledger_entry e on e.id = l.entry_id order by l.log_index`))).rows.map((r) => leafHash(Buffer.from(r.hash, 'hex')));
    for (const wiped of [false, true]) {
      if (wiped) await superuser(db, (c) => c.query(`alter table log_tile disable trigger user; update log_tile set interior = null; alter table log_tile enable trigger user`));
      for (const seq of [1, 2, 129, 256, 302]) {
        const entry = await get(`/log/entries/${a.code}/${seq}/proof`, tokens.regulator);
        verifyInclusion(entry.body.logIndex, 303, leafHash(Buffer.from(entry.body.hash, 'hex')), b64(entry.body.proof), second.root);
      }
      for (const from of [1, 3, 256, 300]) verifyConsistency(from, 303, b64((await get(`/log/consistency?from=${from}`)).body.proof), rootOfLeafHashes(leaves.slice(0, from)), second.root);
    }
    // The default target is the latest checkpoint; an entry proof against an older checkpoint still verifies.
    expect((await get('/log/consistency?from=3')).body.to).toBe(303);
    const old = await get(`/log/entries/${b.code}/1/proof?size=3`, tokens.b);
    verifyInclusion(old.body.logIndex, 3, leafHash(Buffer.from(old.body.hash, 'hex')), b64(old.body.proof), first.root);
    const late = await get(`/log/entries/${a.code}/200/proof?size=3`, tokens.a);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'NOT_YET_LOGGED', field: 'seq', treeSize: 3 });
  });

  it('serves C2SP tiles from the stored tree, full ones only once full', async () => {
    const leaves = (
      await superuser(db, (c) => c.query<{ hash: string }>(`select e.hash from log_leaf l join ledger_entry e on e.id = l.entry_id order by l.log_index`))
    ).rows.map((r) => leafHash(Buffer.from(r.hash, 'hex')));
    const full = await get('/tile/0/000');
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toContain('immutable');
    expect(full.body.equals(Buffer.concat(leaves.slice(0, 256)))).toBe(true);
    expect((await get('/tile/0/001.p/47')).body.equals(Buffer.concat(leaves.slice(256, 303)))).toBe(true);
    expect((await get('/tile/0/001')).status).toBe(404);
    expect((await get('/tile/0/001.p/48')).status).toBe(404);
    expect((await get('/tile/1/000.p/1')).body).toHaveLength(32);
    const bad = await get('/tile/0/1');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
  });

  it("serves a tile's entries as a C2SP entry bundle to regulators, audited, and the offline verifier recomputes the tile from it", async () => {
    const bundle = await get('/tile/entries/000', tokens.regulator);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toContain('private');
    const texts: string[] = [];
    for (let at = 0; at < bundle.body.length; at += 2 + bundle.body.readUInt16BE(at)) texts.push(bundle.body.subarray(at + 2, at + 2 + bundle.body.readUInt16BE(at)).toString('utf8'));
    expect(texts).toHaveLength(256);
    const tile = (await get('/tile/0/000')).body as Buffer;
    texts.forEach((text, i) => expect(leafHash(createHash('sha256').update(text).digest()).equals(tile.subarray(i * 32, i * 32 + 32))).toBe(true));
    expect((await get('/tile/entries/001.p/47', tokens.regulator)).body).toBeInstanceOf(Buffer);
    expect((await get('/tile/entries/001', tokens.regulator)).status).toBe(404);
    expect((await get('/tile/entries/000', tokens.a)).status).toBe(403);
    expect((await get('/tile/entries/000')).status).toBe(401);
    expect((await get('/tile/entries/1', tokens.regulator)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    const reads = await superuser(db, (c) => c.query(`select operation_name, rows_returned, enterprises from regulator_read_log where operation_name = 'log.entryBundle' order by id`));
    expect(reads.rows[0]).toMatchObject({ operation_name: 'log.entryBundle', rows_returned: 1, enterprises: expect.arrayContaining([a.code, b.code]) });

    // Offline: the bundle against the tile, then against the signed checkpoint with its first entry's proof.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    const file = (name: string, body: string | Buffer) => (fs.writeFileSync(path.join(dir, name), body), path.join(dir, name));
    const first = JSON.parse(texts[0]);
    const args = ['--entry-bundle', file('entries', bundle.body), '--index', '0', '--tile', file('tile', tile)];
    const tied = [...args, '--log-key', encodeVerifierKey(signer), '--checkpoint', file('checkpoint', (await get('/checkpoint')).body), '--proof', file('proof', JSON.stringify((await get(`/log/entries/${first.chain}/${first.seq}/proof`, tokens.regulator)).body))];
    expect(await verify(tied)).toMatchObject({ code: 0, report: { ok: true, entries: 256, tile: true, treeSize: 303 } });
    // One entry's text changed in the bundle: its leaf is not the tile's, and the tile it makes is not the checkpoint's.
    const forged = Buffer.from(bundle.body);
    const at = forged.indexOf('"quantity":"1.000"');
    if (at < 0) throw new Error('test: no quantity 1.000 in the bundle');
    forged.write('"quantity":"9.000"', at);
    expect(await verify(['--entry-bundle', file('forged', forged), '--index', '0', '--tile', path.join(dir, 'tile')])).toMatchObject({ code: 1, report: { failure: { reason: 'TILE_MISMATCH' } } });
    expect(await verify([...tied.slice(0, 1), path.join(dir, 'forged'), ...tied.slice(2, 4), ...tied.slice(6)])).toMatchObject({ code: 1, report: { failure: { reason: 'NOT_IN_LOG' } } });
  });

  it('refuses bad sizes naming the parameter', async () => {
    for (const [path, field, status] of [
      ['/log/consistency', 'from', 400],
      ['/log/consistency?from=0', 'from', 400],
      ['/log/consistency?from=x', 'from', 400],
      ['/log/consistency?from=304', 'from', 400],
      ['/log/consistency?from=3&to=5', 'to', 404],
    ] as const) {
      const answer = await get(path);
      expect([path, answer.status, answer.body.field]).toEqual([path, status, field]);
    }
    const gqlBad = await gql('query($f: Int!) { consistencyProof(from: $f) { proof } }', { f: 0 });
    expect(gqlBad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('gives entry proofs to whoever may read the movement, and audits partners', async () => {
    expect((await get(`/log/entries/${a.code}/1/proof`)).status).toBe(401);
    expect((await get(`/log/entries/${a.code}/1/proof`, tokens.b)).status).toBe(403);
    expect((await get(`/log/entries/${a.code}/1/proof`, tokens.fire)).status).toBe(403);
    expect((await get(`/log/entries/${a.code}/999/proof`, tokens.a)).body).toMatchObject({ code: 'NOT_FOUND', field: 'seq' });
    expect((await get(`/log/entries/${a.code}/0/proof`, tokens.a)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seq' });
    expect((await get(`/log/entries/NOTACODE/1/proof`, tokens.regulator)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'chain' });
    // Chlorine is highly toxic: within public security's mandate.
    const police = await get(`/log/entries/${a.code}/1/proof`, tokens.police);
    expect(police.status).toBe(200);
    const audit = await superuser(db, (c) => c.query(`select operation_name, outcome, rows_returned, department from partner_audit_log order by id`));
    expect(audit.rows).toEqual([
      expect.objectContaining({ operation_name: 'log.entryProof', outcome: 'REFUSED', rows_returned: 0, department: 'FIRE_RESCUE' }),
      expect.objectContaining({ operation_name: 'log.entryProof', outcome: 'OK', rows_returned: 1, department: 'PUBLIC_SECURITY' }),
    ]);

    const query = `query($c: CreditCode!, $s: Int!, $t: Int) { entryProof(chain: $c, seq: $s, treeSize: $t) { logIndex treeSize hash canonical proof } }`;
    const viaGraphql = await gql(query, { c: a.code, s: 1, t: 3 }, tokens.police);
    const { logIndex, treeSize, hash, canonical, proof } = (await get(`/log/entries/${a.code}/1/proof?size=3`, tokens.regulator)).body;
    expect(viaGraphql.data.entryProof).toEqual({ logIndex, treeSize, hash, canonical, proof });
    expect((await gql(query, { c: a.code, s: 1 }, tokens.fire)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(query, { c: a.code, s: 1 })).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const checkpoint = await gql('{ logCheckpoint { origin size root note } }', {});
    expect(checkpoint.data.logCheckpoint).toMatchObject({ origin: 'test.example/ledger', size: 303 });
    expect(checkpoint.data.logCheckpoint.note).toBe((await get('/checkpoint')).body);
  });

  it("gives each entry its logIndex in GraphQL, null until the integrator reaches it", async () => {
    await record(db, b.viewer, [inbound(b.product, { batch: 'LATE' })]);
    const query = `query($c: CreditCode!) { movements(enterprise: $c, first: 100) { edges { node { seq logIndex } } } }`;
    const read = async () => (await gql(query, { c: b.code }, tokens.regulator)).data.movements.edges.map((e: { node: { seq: number; logIndex: number | null } }) => e.node);
    const before = await read();
    expect(before.find((n: { seq: number }) => n.seq === 2)).toEqual({ seq: 2, logIndex: null });
    await integrator().integrateAll();
    for (const node of await read()) {
      const proof = await get(`/log/entries/${b.code}/${node.seq}/proof?size=303`, tokens.regulator);
      if (node.logIndex < 303) expect(proof.body.logIndex).toBe(node.logIndex);
      else expect(proof.body).toMatchObject({ code: 'NOT_YET_LOGGED' });
    }
    expect((await read()).map((n: { logIndex: number }) => n.logIndex)).toEqual(expect.arrayContaining([303]));
  });
});
