/**
 * Exports (docs/exports.md): POST /export pages through any
 * connection the caller can read and streams it as CSV or an Excel workbook
 * with Chinese headers; the same rules, limits and audit as /graphql.
 */
import ExcelJS from 'exceljs';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { AuditRecord } from '../../src/access/audit-record.entity';
import { DepartmentsService } from '../../src/access/departments.service';
import { InspectionType } from '../../src/inspection/inspection.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET, startTestServer } from '../support/http';
import { admin } from '../support/fixtures';
import { schedule } from '../support/inspection-fixtures';
import { inbound, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let small: Awaited<ReturnType<typeof startTestServer>>;
let maker: Trader;
let buyer: Trader;
const token = (claims: Partial<Parameters<typeof mintToken>[1]>) => mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'exporter', expiresInSeconds: 600, ...claims } as never);

async function exportOf(body: unknown, bearer?: string, via = http) {
  const response = await fetch(`${via.base}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}
const json = (answer: { bytes: Buffer }) => JSON.parse(answer.bytes.toString('utf8'));
/** CSV rows, the BOM dropped (no field here holds a comma or a line break). */
const csvRows = (answer: { bytes: Buffer }) => answer.bytes.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => line.split(','));

const MOVEMENTS = `query($e: CreditCode) { movements(enterprise: $e) { edges { node { occurredAt direction reason quantity unit batch product { traceCode chemical { name highlyToxic } } } } } }`;

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  small = await startTestServer(db, { MAX_QUERY_TOKENS: '60' }, { exportMaxRows: 2 });
  maker = await registerTrader(db, 41, 1381); // 氯: highly toxic
  buyer = await registerTrader(db, 42, 2828); // neither highly toxic nor an explosive precursor
  await record(db, maker.viewer, [
    inbound(maker.product, { batch: 'L1', quantity: '50', occurredAt: '2026-11-01T00:00:00Z' }),
    outbound(maker.product, { batch: 'L1', quantity: '5', counterparty: buyer.code, transportDoc: 'WB-1', occurredAt: '2026-11-10T00:00:00Z' }),
  ]);
  await record(db, buyer.viewer, [inbound(buyer.product, { batch: 'B9', quantity: '3', occurredAt: '2026-11-02T00:00:00Z' })]);
});
afterAll(async () => {
  await small.stop();
  await http.stop();
  await db.close();
});

describe('POST /export', () => {
  it('streams every page of a connection as CSV with Chinese headers and values in Chinese', async () => {
    const regulator = await token({});
    const answer = await exportOf({ format: 'csv', query: `{ chemicals { edges { node { serial name casNumbers highlyToxic explosivePrecursor } } } }`, filename: '危化品目录' }, regulator);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('危化品目录.csv')}`);
    const rows = csvRows(answer);
    expect(rows[0]).toEqual(['目录序号', '品名', 'CAS号', '剧毒', '易制爆']);
    const total = Number(answer.headers.get('x-total-count'));
    expect(total).toBeGreaterThan(2000); // the 2015 catalogue: far more than one page of 100
    expect(rows).toHaveLength(total + 1);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(total);
    expect(rows.find((r) => r[1] === '氯')).toEqual(expect.arrayContaining(['是']));
  });

  it('exports only what the caller may read: an enterprise its own movements, in Shanghai time', async () => {
    const own = await exportOf({ format: 'csv', query: MOVEMENTS }, await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'e-41', enterprise: maker.code, expiresInSeconds: 600 }));
    const rows = csvRows(own);
    expect(rows[0]).toEqual(['发生时间', '出入库', '出入库原因', '数量', '单位', '批号', '产品·追溯码', '产品·化学品·品名', '产品·化学品·剧毒']);
    expect(rows.slice(1)).toEqual([
      ['2026-11-01 08:00:00', '入库', expect.any(String), '50.000', '千克', 'L1', maker.product, '氯', '是'],
      ['2026-11-10 08:00:00', '出库', expect.any(String), '5.000', '千克', 'L1', maker.product, '氯', '是'],
    ]);
    const other = await exportOf({ format: 'csv', query: MOVEMENTS, variables: { e: buyer.code } }, await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'e-41', enterprise: maker.code, expiresInSeconds: 600 }));
    expect(other.status).toBe(403);
    expect(codes(json(other))).toEqual(['FORBIDDEN']);
  });

  it('writes an Excel workbook: a bold frozen header row, numbers as numbers', async () => {
    const answer = await exportOf({ format: 'xlsx', query: `{ stock { edges { node { batch quantity warehouse { code name } } } } }` }, await token({}));
    expect(answer.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '批号', '库存数量', '仓库·仓库编码', '仓库·名称']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(1 + Number(answer.headers.get('x-total-count')));
    const quantities = [2, 3].map((r) => sheet.getRow(r).getCell(2).value);
    expect(quantities.sort()).toEqual([3, 45]);
  });

  it('shows departments by their Chinese names from the department table, a deactivated one too', async () => {
    const clock = fixedClock('2026-11-20T02:00:00Z');
    const departments = new DepartmentsService(db.orm.em.fork(), clock);
    await departments.createDepartment(admin, { code: 'HEALTH', name: '卫生健康', mandates: ['ENTERPRISES'] as never });
    await schedule(db.orm.em, clock, maker.code, { type: InspectionType.JOINT, departments: ['FIRE_RESCUE', 'HEALTH'], scheduledDate: '2026-12-01' });
    await new DepartmentsService(db.orm.em.fork(), clock).deactivateDepartment(admin, 'HEALTH');
    const query = `{ inspections { edges { node { type departments } } } }`;
    const csv = csvRows(await exportOf({ format: 'csv', query }, await token({})));
    expect(csv).toEqual([
      ['检查类型', '参与部门'],
      ['联合检查', '消防救援；卫生健康'],
    ]);
    const answer = await exportOf({ format: 'xlsx', query }, await token({}));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as never);
    expect(workbook.worksheets[0].getRow(2).values).toEqual([undefined, '联合检查', '消防救援；卫生健康']);
  });

  it('audits a partner department\u2019s export like its queries, and keeps it to the mandate', async () => {
    const police = await mintToken(SECRET, { role: Role.PARTNER, subject: 'ps-1', department: 'PUBLIC_SECURITY', expiresInSeconds: 600 });
    const before = await db.orm.em.fork().count(AuditRecord, { subject: 'ps-1' });
    const answer = await exportOf({ format: 'csv', query: `{ movements { edges { node { batch quantity product { traceCode } } } } }` }, police);
    expect(answer.status).toBe(200);
    // Highly toxic and explosive-precursor chemicals only: the maker's chlorine, not the buyer's product.
    expect(csvRows(answer).slice(1).map((r) => r[2])).toEqual([maker.product, maker.product]);
    expect(await db.orm.em.fork().count(AuditRecord, { subject: 'ps-1' })).toBeGreaterThan(before);
    const fire = await mintToken(SECRET, { role: Role.PARTNER, subject: 'fr-1', department: 'FIRE_RESCUE', expiresInSeconds: 600 });
    const refused = await exportOf({ format: 'csv', query: MOVEMENTS }, fire);
    expect([refused.status, codes(json(refused))]).toEqual([403, ['FORBIDDEN']]);
  });

  it('refuses, naming the field, before sending anything', async () => {
    const regulator = await token({});
    const refusal = async (body: unknown, bearer: string | null = regulator, via = http) => {
      const answer = await exportOf(body, bearer ?? undefined, via);
      const error = json(answer).errors[0];
      return [answer.status, error.extensions.code, error.extensions.field];
    };
    const chemicals = `{ chemicals { edges { node { name } } } }`;
    expect(await refusal({ format: 'csv', query: chemicals }, null)).toEqual([401, 'UNAUTHENTICATED', undefined]);
    expect(await refusal({ format: 'pdf', query: chemicals })).toEqual([400, 'BAD_USER_INPUT', ['format']]);
    expect(await refusal({ format: 'csv', query: chemicals, variables: [1] })).toEqual([400, 'BAD_USER_INPUT', ['variables']]);
    expect(await refusal({ format: 'csv', query: chemicals, filename: '../etc/passwd' })).toEqual([400, 'BAD_USER_INPUT', ['filename']]);
    expect(await refusal({ format: 'csv', query: '{ chemicals { edges { node { name } }' })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    expect(await refusal({ format: 'csv', query: 'mutation { logout }' })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    expect(await refusal({ format: 'csv', query: `{ chemicals { totalCount } }` })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    expect(await refusal({ format: 'csv', query: `{ chemicals { edges { node { name } } } enterprises { totalCount } }` })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    expect(await refusal({ format: 'csv', query: `{ enterprises { edges { node { name warehouses { totalCount } } } } }` })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    expect(await refusal({ format: 'csv', query: `{ chemicals { edges { node { ...f } } } } fragment f on Chemical { name }` })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    expect(await refusal({ format: 'csv', query: `{ enumLabels { label } }` })).toEqual([400, 'BAD_USER_INPUT', ['query']]);
    const longDocument = `{ chemicals { edges { node { ${'name '.repeat(60)}} } } }`;
    expect(await refusal({ format: 'csv', query: longDocument }, regulator, small)).toEqual([400, 'BAD_USER_INPUT', ['query']]); // MAX_QUERY_TOKENS, as on /graphql
    const tooLarge = await exportOf({ format: 'csv', query: chemicals }, regulator, small);
    expect([tooLarge.status, json(tooLarge).errors[0].extensions]).toEqual([400, expect.objectContaining({ code: 'EXPORT_TOO_LARGE', maximum: 2 })]);
  });
});
