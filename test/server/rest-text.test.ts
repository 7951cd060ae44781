import { createHash } from 'node:crypto';
import { Role } from '../../src/access/viewer';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, registerEnterprise } from '../support/fixtures';
import { startTestServer } from '../support/http';
import { token } from '../support/ledger-load';
import { rowCounts } from '../support/row-counts';

/**
 * The REST routes (EPCIS, monitoring alarms, the log's witness submissions, exports, and every path
 * and query string) hold text to the policy GraphQL arguments are held to (src/shared/text-policy.ts):
 * hostile bodies are 400 with BAD_USER_INPUT naming the field, never a 500, never SQL, nothing written.
 */
const PLATFORM_KEY = 'monitoring-platform-key-0123456789';
let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let enterpriseToken: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const sha = createHash('sha256').update(PLATFORM_KEY).digest('hex');
  http = await startTestServer(db, { MONITORING_PLATFORM_KEYS: `监测平台:${sha}` });
  await registerEnterprise(db.orm.em, 91);
  enterpriseToken = await token(Role.ENTERPRISE, { enterprise: creditCode(91) });
});
afterAll(async () => {
  await http?.stop();
  await db?.close();
});

const HOSTILE: [string, string][] = [
  ['NUL', 'B\u0000x'],
  ['a lone surrogate', 'b\ud800'],
  ['a C1 control (U+0085)', 'a\u0085b'],
  ['a bidi override', '\u202Eevil'],
  ['a line break in a name', 'a\nb'],
  ['a 1 MB string', '氯'.repeat(1_000_000)],
];

/** A body whose `value` sits where each route reads text, and the field the refusal must name. */
const BODIES = ([
  {
    route: '/epcis/capture',
    headers: () => ({ authorization: `Bearer ${enterpriseToken}`, 'content-type': 'application/ld+json' }),
    body: (value) => ({ type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: { eventList: [{ type: 'ObjectEvent', bizStep: value }] } }),
    field: 'epcisBody.eventList.0.bizStep',
  },
  {
    route: '/intake/alarms',
    headers: () => ({ authorization: `Bearer ${PLATFORM_KEY}` }),
    body: (value) => ({ alarmId: 'A-1', enterprise: creditCode(91), sensor: value, reading: 30, threshold: 25, occurredAt: new Date().toISOString() }),
    field: 'sensor',
  },
  { route: '/log/cosignatures', headers: () => ({}), body: (value) => ({ size: 1, cosignature: value }), field: 'cosignature' },
  { route: '/log/inconsistency', headers: () => ({}), body: (value) => ({ checkpoint: 'c', witness: value }), field: 'witness' },
] as { route: string; headers: () => Record<string, string>; body: (value: string) => unknown; field: string }[])
  // A witness's notes are lines of text: a line break is theirs to send.
  .map((route) => ({ ...route, hostile: HOSTILE.filter(([, value]) => !route.route.startsWith('/log/') || !value.includes('\n')) }));

async function send(route: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${http.base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, text: await response.text() };
}

/** A refusal as the REST routes give one: the code and the field in JSON (EPCIS's problem details hold them too). */
function expectRefused(answer: { status: number; text: string }, field: string, status = 400) {
  expect(answer.status).toBe(status);
  expect(answer.text).not.toMatch(/select |insert |syntax|postgres|node_modules|at .*\.ts:/i);
  const body = JSON.parse(answer.text);
  expect(body).toMatchObject({ code: 'BAD_USER_INPUT', field });
}

describe.each(BODIES)('POST $route', ({ route, headers, body, field, hostile }) => {
  it.each(hostile)('refuses %s in a string, naming the field, writing nothing', async (_, value) => {
    const before = await rowCounts(db.orm);
    const answer = await send(route, JSON.stringify(body(value)), headers());
    // A route with a small body limit refuses a megabyte unread.
    if (value.length > 100_000 && route !== '/epcis/capture') expect(answer.status).toBe(413);
    else expectRefused(answer, field);
    expect(await rowCounts(db.orm)).toEqual(before);
  });

  it('refuses a hostile key, naming it with the character escaped', async () => {
    const answer = await send(route, JSON.stringify({ ...(body('x') as object), 'k\u0000': 1 }), headers());
    expectRefused(answer, 'k\\u0000');
  });

  it('refuses nesting deeper than 32 levels, and a body too deep to parse, without a 500', async () => {
    const deep = JSON.stringify({ ...(body('x') as object), extra: JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) });
    const refused = await send(route, deep, headers());
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'BAD_USER_INPUT', field: `extra${'.0'.repeat(31)}` });
    // Past what JSON.parse can recurse: the parser's failure, a 400 (413 where the route's limit is smaller).
    const unparsable = await send(route, '{"a":' + '['.repeat(400_000) + ']'.repeat(400_000) + '}', headers());
    expect([400, 413]).toContain(unparsable.status);
  });
});

it('POST /export: hostile variables are refused by the GraphQL policy, never a 500', async () => {
  for (const [, value] of HOSTILE) {
    const body = JSON.stringify({ query: 'query($s: String) { chemicals(search: $s) { edges { node { casNumber } } } }', variables: { s: value }, format: 'csv' });
    const answer = await send('/export', body, { authorization: `Bearer ${enterpriseToken}` });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).not.toMatch(/select |syntax|postgres/i);
  }
});

describe('paths and query strings', () => {
  const hostile = ['%00', '%C2%85', '%E2%80%AE', 'a%0Ab', '%EF%BB%BF'];
  it.each([
    ['/epcis/events?eventType=', 'query.eventType'],
    ['/labels?product=', 'query.product'],
    ['/log/consistency?from=', 'query.from'],
    ['/p/', 'path.2'],
    ['/log/entries/', 'path.3'],
  ])('%s is held to the filters\' policy', async (prefix, field) => {
    for (const value of hostile) {
      const suffix = prefix === '/log/entries/' ? `${value}/1/proof` : value;
      const response = await fetch(`${http.base}${prefix}${suffix}`, { headers: { authorization: `Bearer ${enterpriseToken}` } });
      expectRefused({ status: response.status, text: await response.text() }, field);
    }
  });

  it('refuses percent-encoding that is not UTF-8 (a lone surrogate\'s bytes)', async () => {
    const response = await fetch(`${http.base}/p/%ED%A0%80`);
    expectRefused({ status: response.status, text: await response.text() }, 'path.2');
  });
});
