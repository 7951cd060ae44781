/**
 * Every role against every sensitive query and field, table-driven: each case
 * names who is served; everyone else authenticated gets FORBIDDEN (naming the
 * field where a field is refused) and an anonymous caller UNAUTHENTICATED.
 * Extend the table as fields appear.
 */
import { AuditRecord } from '../../src/access/audit-record.entity';
import { Viewer } from '../../src/access/viewer';
import { Alert } from '../../src/licensing/alert.entity';
import { fixedClock } from '../../src/shared/clock';
import { createTestApi, TestResult } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, anonymous, creditCode, enterpriseViewer, partner, registerEnterprise, registerProduct, registerWarehouse, regulator } from '../support/fixtures';
import { CHLORINE, issueLicence } from '../support/licensing-fixtures';

const OWN = creditCode(700);
const OTHER = creditCode(701);

type Seeded = 'FIRE_RESCUE' | 'PUBLIC_SECURITY' | 'MARKET_SUPERVISION' | 'ECOLOGY_ENVIRONMENT' | 'TRANSPORT';
type RoleKey = 'ANONYMOUS' | 'ADMIN' | 'REGULATOR' | 'OWN' | 'OTHER' | Seeded;
const ROLES: Record<RoleKey, Viewer> = {
  ANONYMOUS: anonymous,
  ADMIN: admin,
  REGULATOR: regulator,
  OWN: enterpriseViewer(OWN),
  OTHER: enterpriseViewer(OTHER),
  FIRE_RESCUE: partner('FIRE_RESCUE'),
  PUBLIC_SECURITY: partner('PUBLIC_SECURITY'),
  MARKET_SUPERVISION: partner('MARKET_SUPERVISION'),
  ECOLOGY_ENVIRONMENT: partner('ECOLOGY_ENVIRONMENT'),
  TRANSPORT: partner('TRANSPORT'),
};
const [FIRE, POLICE, MARKET, ECOLOGY, TRANSPORT] = ['FIRE_RESCUE', 'PUBLIC_SECURITY', 'MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'TRANSPORT'] as const;
const REG = ['ADMIN', 'REGULATOR'] as const;
const PARTNERS = [FIRE, POLICE, MARKET, ECOLOGY, TRANSPORT] as const;
const ENTERPRISE_PARENT: readonly RoleKey[] = [...REG, 'OWN', ...PARTNERS];

interface Case {
  name: string;
  query: string;
  /** Who is served. */
  allow: readonly RoleKey[];
  /** What the served get instead of data, for operations run on a missing row to prove they passed authorisation. */
  servedCode?: string;
  /** The field a refused caller is told about, when the refusal is a field's... */
  field?: string;
  /** ...for callers the parent query serves (default: those `enterprise(creditCode:)` serves). */
  parent?: readonly RoleKey[];
}

const CASES: Case[] = [
  // registry
  { name: 'enterprise', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, allow: [...REG, 'OWN', ...PARTNERS] },
  { name: 'enterprises', query: `{ enterprises { totalCount } }`, allow: [...REG, 'OWN', 'OTHER', ...PARTNERS] },
  { name: 'Enterprise.warehouses', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { warehouses { totalCount } } }`, allow: [...REG, 'OWN', FIRE], field: 'Enterprise.warehouses' },
  { name: 'Enterprise.products', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { products { totalCount } } }`, allow: [...REG, 'OWN', MARKET], field: 'Enterprise.products' },
  { name: 'warehouses', query: `query($c: CreditCode!) { warehouses(enterprise: $c) { totalCount } }`, allow: [...REG, 'OWN', FIRE] },
  { name: 'products', query: `query($c: CreditCode!) { products(enterprise: $c) { totalCount } }`, allow: [...REG, 'OWN', MARKET] },
  // licensing
  { name: 'Enterprise.licences', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { licences { totalCount } } }`, allow: [...REG, 'OWN', MARKET], field: 'Enterprise.licences' },
  { name: 'Enterprise.alerts', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { alerts { totalCount } } }`, allow: [...REG, 'OWN', MARKET], field: 'Enterprise.alerts' },
  { name: 'licences', query: `query($c: CreditCode!) { licences(holder: $c) { totalCount edges { node { number status } } } }`, allow: [...REG, 'OWN', MARKET] },
  { name: 'licence', query: `query($id: ID!) { licence(id: $id) { number scope { totalCount } events { totalCount } } }`, allow: [...REG, 'OWN', MARKET] },
  { name: 'alerts', query: `query($c: CreditCode!) { alerts(enterprise: $c) { totalCount } }`, allow: [...REG, 'OWN', MARKET] },
  { name: 'alerts(severity)', query: `query($c: CreditCode!) { alerts(enterprise: $c, severity: NORMAL) { totalCount edges { node { severity chain } } } }`, allow: [...REG, 'OWN', MARKET] },
  { name: 'Alert.entry', query: `query($c: CreditCode!) { alerts(enterprise: $c, first: 1) { edges { node { code entry { seq } } } } }`, allow: [...REG, 'OWN'], field: 'Alert.entry', parent: [...REG, 'OWN', MARKET] },
  { name: 'licensingProcessingTimes', query: `{ licensingProcessingTimes(from: "2026-01-01", to: "2026-12-31") { rows { month } } }`, allow: REG },
  { name: 'applyForLicence', query: `mutation($c: CreditCode!) { applyForLicence(input: { holder: $c, type: SAFE_USE, legalRepresentative: "甲", issuingAuthority: "局", scope: [{ chemicalSerial: 1381 }] }) { id } }`, allow: [...REG, 'OWN'] },
  { name: 'issueLicence', query: `mutation { issueLicence(input: { licenceId: "999999", number: "N" }) { id } }`, allow: REG, servedCode: 'NOT_FOUND' },
  { name: 'suspendLicence', query: `mutation { suspendLicence(input: { licenceId: "999999", reason: "r" }) { id } }`, allow: REG, servedCode: 'NOT_FOUND' },
  { name: 'cancelLicence', query: `mutation { cancelLicence(input: { licenceId: "999999" }) { id } }`, allow: REG, servedCode: 'NOT_FOUND' },
  { name: 'acknowledgeAlert', query: `mutation { acknowledgeAlert(input: { alertId: "999999" }) { id } }`, allow: REG, servedCode: 'NOT_FOUND' },
  { name: 'resolveAlert', query: `mutation { resolveAlert(input: { alertId: "999999", note: "n" }) { id } }`, allow: REG, servedCode: 'NOT_FOUND' },
  { name: 'setCalendarDay', query: `mutation { setCalendarDay(input: { date: "2026-10-01", working: false, name: "国庆节" }) { date } }`, allow: REG },
  // access
  { name: 'auditLog', query: `{ auditLog { totalCount } }`, allow: [...REG, ...PARTNERS] },
  // ledger
  { name: 'movements', query: `query($c: CreditCode!) { movements(enterprise: $c) { totalCount } }`, allow: [...REG, 'OWN', POLICE, ECOLOGY] },
  { name: 'Enterprise.movements', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { movements { totalCount } } }`, allow: [...REG, 'OWN', POLICE, ECOLOGY], field: 'Enterprise.movements' },
  { name: 'LedgerEntry.counterpartyCode', query: `query($c: CreditCode!) { movements(enterprise: $c) { edges { node { seq counterpartyCode } } } }`, allow: [...REG, 'OWN', POLICE], field: 'LedgerEntry.counterpartyCode', parent: [...REG, 'OWN', POLICE, ECOLOGY] },
  { name: 'LedgerEntry.transportDoc', query: `query($c: CreditCode!) { movements(enterprise: $c) { edges { node { seq transportDoc } } } }`, allow: [...REG, 'OWN'], field: 'LedgerEntry.transportDoc', parent: [...REG, 'OWN', POLICE, ECOLOGY] },
  { name: 'LedgerEntry.canonical', query: `query($c: CreditCode!) { movements(enterprise: $c) { edges { node { seq canonical } } } }`, allow: [...REG, 'OWN'], field: 'LedgerEntry.canonical', parent: [...REG, 'OWN', POLICE, ECOLOGY] },
  { name: 'stock', query: `query($c: CreditCode!) { stock(enterprise: $c) { totalCount } }`, allow: [...REG, 'OWN', FIRE] },
  { name: 'Enterprise.stock', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { stock { totalCount } } }`, allow: [...REG, 'OWN', FIRE], field: 'Enterprise.stock' },
  { name: 'shipments', query: `query($c: CreditCode!) { shipments(enterprise: $c) { totalCount } }`, allow: [...REG, 'OWN', TRANSPORT] },
  { name: 'chain', query: `query($c: CreditCode!) { chain(creditCode: $c) { enterprise { name } } }`, allow: [...REG, 'OWN'] },
  { name: 'verifyChain', query: `query($c: CreditCode!) { verifyChain(creditCode: $c) { __typename } }`, allow: REG },
  // No checkpoint is signed here: whoever passes authorisation is told NOT_FOUND.
  { name: 'entryProof', query: `query($c: CreditCode!) { entryProof(chain: $c, seq: 1) { proof } }`, allow: [...REG, 'OWN', POLICE, ECOLOGY], servedCode: 'NOT_FOUND' },
  { name: 'traceBatch', query: `query($p: String!) { traceBatch(product: $p, batch: "L1") { nodes { enterpriseCode } } }`, allow: REG },
  // inspection
  { name: 'Enterprise.inspections', query: `query($c: CreditCode!) { enterprise(creditCode: $c) { inspections { totalCount } } }`, allow: [...REG, 'OWN'], field: 'Enterprise.inspections' },
  { name: 'inspections', query: `{ inspections { totalCount } }`, allow: [...REG, 'OWN', 'OTHER', ...PARTNERS] },
];

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let variables: Record<string, unknown>;
const clock = fixedClock('2026-11-26T04:00:00Z');

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 700);
  await registerEnterprise(db.orm.em, 701);
  await registerWarehouse(db.orm.em, OWN);
  await registerWarehouse(db.orm.em, OTHER);
  const product = await registerProduct(db.orm.em, OWN, CHLORINE);
  const licence = await issueLicence(db.orm.em, clock, OWN);
  const RECORD = `mutation($input: RecordMovementsInput!) { recordMovements(input: $input) { entries { hash } } }`;
  const m = (extra: Record<string, unknown>) => ({ warehouse: 'W1', product: product.traceCode, batch: 'L1', quantity: '5', unit: 'KG', occurredAt: '2026-11-26T11:00:00+08:00', ...extra });
  const first = await api.run(RECORD, { input: { requestId: 'p', entries: [m({ direction: 'IN', reason: 'PRODUCTION' })] } }, ROLES.OWN);
  expect(first.errors).toBeUndefined();
  const sale = await api.run(RECORD, { input: { requestId: 's', entries: [m({ direction: 'OUT', reason: 'SALE', counterparty: OTHER, quantity: '2', transportDoc: 'WB-1' })] } }, ROLES.OWN);
  expect(sale.errors).toBeUndefined();
  // A disposal, so that ECOLOGY_ENVIRONMENT's narrowed movements hold a row whose fields are checked.
  const disposal = await api.run(RECORD, { input: { requestId: 'd', entries: [m({ direction: 'OUT', reason: 'DISPOSAL', quantity: '1' })] } }, ROLES.OWN);
  expect(disposal.errors).toBeUndefined();
  expect(await db.orm.em.fork().count(Alert, { enterprise: { creditCode: OWN } })).toBeGreaterThan(0);
  variables = { c: OWN, id: licence.id, p: product.traceCode };
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

/** The variables a query declares, from the shared set. */
function variablesOf(query: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).filter(([k]) => new RegExp(`\\$${k}\\b`).test(query)));
}

const expectation = (c: Case, role: RoleKey) => (role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : c.allow.includes(role) ? (c.servedCode ?? 'DATA') : 'FORBIDDEN');

function outcome(result: TestResult): string {
  const codes = [...new Set((result.errors ?? []).map((e) => e.extensions?.code))];
  if (codes.length === 0) return 'DATA';
  return codes.length === 1 ? String(codes[0]) : codes.join('+');
}

const rows = CASES.flatMap((c) => (Object.keys(ROLES) as RoleKey[]).map((role) => [c.name, role, expectation(c, role), c] as const));

describe.each(rows)('%s as %s', (_name, role, expected, c) => {
  it(`→ ${expected}`, async () => {
    const result = await api.run(c.query, variablesOf(c.query), ROLES[role]);
    expect(outcome(result)).toBe(expected);
    if (expected === 'DATA') expect(result.data).toBeTruthy();
    if (expected === 'FORBIDDEN') {
      // A role refusal names what was refused: the field when the parent was served, else the query.
      // (OTHER is refused by row, another enterprise's data, which is no field's.)
      const fields = result.errors!.map((e) => e.extensions?.field);
      if (role !== 'OTHER') expect(fields.every((f) => typeof f === 'string' && f.length > 0)).toBe(true);
      if (c.field && (c.parent ?? ENTERPRISE_PARENT).includes(role)) expect(fields).toContain(c.field);
    }
  });
});

it('audited every partner request of the matrix', async () => {
  const partnerRuns = rows.filter(([, role]) => (PARTNERS as readonly string[]).includes(role)).length;
  expect(await db.orm.em.fork().count(AuditRecord, {})).toBe(partnerRuns);
});
