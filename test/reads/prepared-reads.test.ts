import { Client } from 'pg';
import { encodeCursor } from '../../src/shared/page';
import { createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, partner, registerEnterprise, registerWarehouse, regulator } from '../support/fixtures';

/**
 * A compiled read (src/graphql/json-read.ts) is sent with its values bound, as one named prepared
 * statement per shape (db/raw-query.ts shapeOf): the same query with other variables reuses the
 * statement each connection has already planned, answers for its own variables, and a hostile value
 * is a parameter, never part of the text.
 */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const FIRE = partner('FIRE_RESCUE');
const HOSTILE = `O'Brien $1 \\ ? 化工`;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  for (const n of [800, 801, 802]) await registerEnterprise(db.orm.em, n);
  await registerEnterprise(db.orm.em, 803, { name: HOSTILE });
  await registerWarehouse(db.orm.em, creditCode(800), 'W1');
  await registerWarehouse(db.orm.em, creditCode(803), 'H1');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

interface Sent {
  client: Client;
  name?: string;
  text: string;
  values: unknown[];
}

/** Runs `work`, returning its result and the compiled reads sent meanwhile, with the client that sent each. */
async function sentReads<T>(work: () => Promise<T>): Promise<{ result: T; sent: Sent[] }> {
  const sent: Sent[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const config = args[0] as { text?: string; name?: string; values?: unknown[] };
    if (typeof config === 'object' && /as hz/.test(config.text ?? '')) sent.push({ client: this, name: config.name, text: config.text!, values: config.values ?? [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  try {
    return { result: await work(), sent };
  } finally {
    Client.prototype.query = original;
  }
}

const QUERY = `query Page($n: Int, $after: String, $search: String) {
  enterprises(first: $n, after: $after, search: $search) {
    pageInfo { hasNextPage endCursor } edges { node { creditCode name warehouses(first: 5) { edges { node { code } } } } } } }`;

const codesOf = (data: any) => data.enterprises.edges.map((e: any) => e.node.creditCode);

it('one prepared statement for a shape, planned once per connection, each request answering for its variables', async () => {
  const { result, sent } = await sentReads(async () => {
    const first = await api.run(QUERY, { n: 1, after: encodeCursor(0), search: null }, regulator);
    const cursor = first.data!.enterprises.pageInfo.endCursor;
    const second = await api.run(QUERY, { n: 1, after: cursor, search: null }, regulator);
    const third = await api.run(QUERY, { n: 1, after: second.data!.enterprises.pageInfo.endCursor, search: null }, regulator);
    return [first, second, third];
  });
  for (const answer of result) expect(answer.errors).toBeUndefined();
  // Different answers: each page is the next enterprise.
  expect(result.map((r) => codesOf(r.data))).toEqual([[creditCode(800)], [creditCode(801)], [creditCode(802)]]);
  expect(result[0].data!.enterprises.edges[0].node.warehouses.edges).toEqual([{ node: { code: 'W1' } }]);
  // The same name and text, the cursors only in the values.
  expect(sent).toHaveLength(3);
  expect(new Set(sent.map((s) => s.name)).size).toBe(1);
  expect(sent[0].name).toMatch(/^hz_shape_[0-9a-f]{40}$/);
  expect(new Set(sent.map((s) => s.text)).size).toBe(1);
  expect(sent[0].text).toMatch(/\$1/);
  // Page sizes are literals of the shape: a bound LIMIT left the generic plan to guess it (docs/performance.md).
  expect(sent[0].text).toMatch(/ limit 2\b/);
  expect(sent[0].text).not.toMatch(/limit \$/);
  expect(sent[1].values).not.toEqual(sent[2].values);
  // On each connection that ran it, PostgreSQL holds that one statement, executed as often as it was sent there.
  for (const client of new Set(sent.map((s) => s.client))) {
    const held = await client.query(`select statement, generic_plans + custom_plans as runs from pg_prepared_statements where name = $1`, [sent[0].name]);
    expect(held.rows).toEqual([{ statement: sent[0].text, runs: String(sent.filter((s) => s.client === client).length) }]);
  }
});

it('binds hostile values: quotes, $1, backslashes and ? match as text and are not in the statement', async () => {
  const { result, sent } = await sentReads(async () => [
    await api.run(QUERY, { n: 5, after: null, search: `'Brien $1 \\ ?` }, regulator),
    await api.run(QUERY, { n: 5, after: null, search: `x' or '1'='1` }, regulator),
    await api.run(QUERY, { n: 5, after: null, search: `$1` }, regulator),
  ]);
  expect(result.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
  expect(result[0].data!.enterprises.edges).toEqual([{ node: { creditCode: creditCode(803), name: HOSTILE, warehouses: { edges: [{ node: { code: 'H1' } }] } } }]);
  expect(codesOf(result[1].data)).toEqual([]);
  expect(codesOf(result[2].data)).toEqual([creditCode(803)]);
  expect(new Set(sent.map((s) => s.name)).size).toBe(1);
  for (const s of sent) expect(s.text).not.toMatch(/Brien|'1'='1/);
  expect(sent[0].values.some((v) => typeof v === 'string' && v.includes(`'Brien $1 \\\\ ?`))).toBe(true);
  // A NUL, which PostgreSQL cannot take as text, is refused before any statement is built.
  const nul = await sentReads(() => api.run(QUERY, { n: 5, after: null, search: `a\u0000b` }, regulator));
  expect(nul.sent).toEqual([]);
  expect(nul.result.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['enterprises']]]);
});

it("binds a partner's audit row too: one statement for read and row, its text and variables as sent", async () => {
  const query = `query Hostile($search: String) { # it's a \\ ? $1 test
    enterprises(first: 5, search: $search) { edges { node { creditCode } } } }`;
  const { result, sent } = await sentReads(async () => [
    await api.run(query, { search: `'Brien $1` }, FIRE),
    await api.run(query, { search: `企业80` }, FIRE),
  ]);
  expect(result.map((r) => r.errors)).toEqual([undefined, undefined]);
  expect(codesOf(result[0].data)).toEqual([creditCode(803)]);
  expect(codesOf(result[1].data)).toEqual([creditCode(800), creditCode(801), creditCode(802)]);
  expect(sent).toHaveLength(2);
  expect(sent[0].name).toBe(sent[1].name);
  expect(sent[0].text).toMatch(/hz_audit as \(insert into "partner_audit_log"/);
  expect(sent[0].text).not.toContain(`it's`);
  expect(sent[0].values).toContain(query);
  const rows = await db.orm.em.fork().getConnection().execute(`select query, variables, rows_returned from partner_audit_log where operation_name = 'Hostile' order by id`);
  expect(rows).toEqual([
    { query, variables: { search: `'Brien $1` }, rows_returned: 1 },
    { query, variables: { search: `企业80` }, rows_returned: 3 },
  ]);
});

it('numbers the parameters once per shape: a read sent again goes to pg without knex scanning its text', async () => {
  const client = db.orm.em.getKnex().client as { positionBindings(sql: string): string };
  const numbered = jest.spyOn(client, 'positionBindings');
  try {
    const variables = { n: 2, after: null, search: '企业' };
    await api.run(QUERY, variables, regulator);
    const { result, sent } = await sentReads(() => api.run(QUERY, variables, regulator));
    expect(result.errors).toBeUndefined();
    expect(codesOf(result.data)).toEqual([creditCode(800), creditCode(801)]);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toMatch(/\$1/);
    expect(sent[0].text).not.toMatch(/\?/);
    // knex.raw numbered the whole statement on every request (4.7 % of the cross-link's CPU).
    expect(numbered.mock.calls.filter(([sql]) => / as hz/.test(sql))).toEqual([]);
  } finally {
    numbered.mockRestore();
  }
});
