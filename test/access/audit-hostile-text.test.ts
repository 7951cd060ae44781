import { AuditRecord } from '../../src/access/audit-record.entity';
import { mintToken } from '../../src/access/tokens';
import { RegulatorRead } from '../../src/access/regulator-read.entity';
import { Role, Viewer } from '../../src/access/viewer';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { EnforcementLevel } from '../../src/registry/registry.enums';

/**
 * Audited callers (regulators' reads, partners' every request) get the refusal anonymous and
 * enterprise callers get for text PostgreSQL cannot store (NUL, lone surrogates): BAD_USER_INPUT
 * naming the field, not AUDIT_UNAVAILABLE. Their audit row is still written, escaped, and says
 * exactly what was sent.
 */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

/** The inverse of the row's escaping (src/access/storable-request.ts): what the caller sent. */
const unescape = (text: string) => text.replace(/\\(\\|u([0-9a-f]{4}))/g, (_m, what: string, hex?: string) => (hex === undefined ? what : String.fromCharCode(parseInt(hex, 16))));

const READS = [
  { query: `query Q($s: String) { chemicals(search: $s, first: 1) { totalCount } }`, field: 'search' },
  { query: `query Q($s: String) { enterprises(town: $s, first: 1) { totalCount } }`, field: 'town' },
  { query: `query Q($s: String) { movements(batch: $s, first: 1) { totalCount } }`, field: 'batch' },
  { query: `query Q($s: String) { stock(warehouse: $s, first: 1) { totalCount } }`, field: 'warehouse' },
  { query: `query Q($s: String!) { traceBatch(batch: "B-1", product: $s) { __typename } }`, field: 'product' },
  { query: `query Q($s: String) { auditLog(subject: $s, first: 1) { totalCount } }`, field: 'subject' },
];
const UNSTORABLE = ['\u0000', 'a\u0000b\\u0000', '\ud800', 'x\udfff\\'];
const CALLERS: [string, Viewer, () => Promise<{ variables: Record<string, unknown>; query: string; escaped: boolean; outcome: string; errorCodes: string[] }[]>][] = [
  ['a regulator', regulator, () => db.orm.em.fork().find(RegulatorRead, {}, { orderBy: { id: 'desc' }, limit: 1 })],
  ['a partner', partner('FIRE_RESCUE'), () => db.orm.em.fork().find(AuditRecord, {}, { orderBy: { id: 'desc' }, limit: 1 })],
];

describe.each(CALLERS)('%s', (_who, viewer, lastRow) => {
  it.each(READS)('is refused on $field with BAD_USER_INPUT, and audited escaped', async ({ query, field }) => {
    for (const s of UNSTORABLE) {
      const result = await api.run(query, { s }, viewer);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].extensions!.field).toBe(field);
      const [row] = await lastRow();
      expect(row).toMatchObject({ escaped: true, outcome: 'FAILED', errorCodes: ['BAD_USER_INPUT'] });
      expect(unescape(row.variables.s as string)).toBe(s);
      expect(unescape(row.query)).toBe(query);
    }
  });

  it('is answered when the bad text is a variable the document never uses, and its row keeps it', async () => {
    const variables = { 'k\u0000': 'v\ud800', nested: [{ n: '\u0000\\' }] };
    const result = await api.run(`query Q { chemicals(first: 1) { totalCount } }`, variables, viewer);
    expect(result.errors).toBeUndefined();
    const [row] = await lastRow();
    expect(row).toMatchObject({ escaped: true, outcome: 'OK', variables: { 'k\\u0000': 'v\\ud800', nested: [{ n: '\\u0000\\\\' }] } });
  });

  it('keeps a request without such text as sent, backslashes included', async () => {
    const result = await api.run(`query Q($s: String) { chemicals(search: $s, first: 1) { totalCount } }`, { s: 'a\\u0000"b' }, viewer);
    expect(result.errors).toBeUndefined();
    const [row] = await lastRow();
    expect(row).toMatchObject({ escaped: false, outcome: 'OK', variables: { s: 'a\\u0000"b' } });
  });
});

it('a partner\u2019s document holding NUL fails to parse and is audited, escaped', async () => {
  const query = `query Q { chemicals(first: 1) { totalCount } \u0000 }`;
  const result = await api.run(query, {}, partner('FIRE_RESCUE'));
  expect(codes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
  const [row] = await db.orm.em.fork().find(AuditRecord, {}, { orderBy: { id: 'desc' }, limit: 1 });
  expect(row).toMatchObject({ escaped: true, outcome: 'FAILED', operationType: null });
  expect(unescape(row.query)).toBe(query);
});

it('over HTTP, a regulator sending NUL gets BAD_USER_INPUT naming the field, not a 503', async () => {
  const http = await startTestServer(db);
  try {
    const token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'regulator-http', expiresInSeconds: 600 });
    const answer = await http.gql(`query($s: String) { enterprises(search: $s, first: 1) { totalCount } }`, { s: 'x\u0000' }, token);
    expect(answer.status).not.toBe(503);
    expect(answer.body.errors.map((e: { extensions: { code: string; field: string } }) => [e.extensions.code, e.extensions.field])).toEqual([['BAD_USER_INPUT', 'search']]);
    const [row] = await db.orm.em.fork().find(RegulatorRead, { subject: 'regulator-http' });
    expect(row).toMatchObject({ escaped: true, variables: { s: 'x\\u0000' } });
  } finally {
    await http.stop();
  }
});
