
import { Enterprise } from '../../src/registry/enterprise.entity';
import { Product } from '../../src/registry/product.entity';
import { Warehouse } from '../../src/registry/warehouse.entity';
import { RegistryService } from '../../src/registry/registry.service';
import { codes, createTestApi } from '../support/api';
import { countStatements } from '../support/statements';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, partner, registerEnterprise, registerProduct, registerWarehouse, regulator } from '../support/fixtures';

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

const count = (entity: typeof Enterprise | typeof Warehouse | typeof Product) => db.orm.em.fork().count(entity, {});

const REGISTER_ENTERPRISE = `mutation($input: RegisterEnterpriseInput!) {
  registerEnterprise(input: $input) { creditCode name town enforcementLevel industry status keyUnit parent { creditCode } }
}`;

function enterpriseInput(n: number, extra: Record<string, unknown> = {}) {
  return { creditCode: creditCode(n), name: `企业${n}`, address: '浦东新区某路1号', town: '高桥镇', enforcementLevel: 'TOWN', industry: 'HAZCHEM_USE', ...extra };
}

describe('catalogue', () => {
  it('holds all 2,828 entries of the 2015 catalogue, joined with precursors and GB 18218 thresholds', async () => {
    const result = await api.run(`{ chemicals(first: 1) { totalCount } chemical(serial: 1381) { name aliases casNumbers highlyToxic explosivePrecursor thresholdTonnes } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.chemicals.totalCount).toBe(2828);
    expect(result.data!.chemical).toEqual({
      name: '氯',
      aliases: ['液氯', '氯气'],
      casNumbers: ['7782-50-5'],
      highlyToxic: true,
      explosivePrecursor: false,
      thresholdTonnes: '5.000',
    });
  });

  it('is searchable by name, alias and CAS number, publicly', async () => {
    const byAlias = await api.run(`{ chemicals(search: "液氨") { edges { node { serial name } } } }`);
    expect(byAlias.errors).toBeUndefined();
    expect(byAlias.data!.chemicals.edges.map((e: any) => e.node.name)).toContain('氨');
    const byCas = await api.run(`{ chemicals(search: "7697-37-2") { edges { node { name explosivePrecursor precursorSerial } } } }`);
    expect(byCas.data!.chemicals.edges[0].node).toEqual({ name: '硝酸', explosivePrecursor: true, precursorSerial: '1.1' });
    const byName = await api.run(`{ chemicals(search: "苯酚", first: 100) { totalCount } }`);
    expect(byName.data!.chemicals.totalCount).toBeGreaterThan(1);
  });

  it('pages with cursors, at most 100 a page', async () => {
    const first = await api.run(`{ chemicals(first: 2) { edges { cursor node { serial } } pageInfo { hasNextPage endCursor } } }`);
    const after = first.data!.chemicals.pageInfo.endCursor;
    const second = await api.run(`query($after: String) { chemicals(first: 2, after: $after) { edges { node { serial } } pageInfo { hasPreviousPage } } }`, { after });
    expect(first.data!.chemicals.edges.map((e: any) => e.node.serial)).toEqual([1, 2]);
    expect(second.data!.chemicals.edges.map((e: any) => e.node.serial)).toEqual([3, 4]);
    expect(second.data!.chemicals.pageInfo.hasPreviousPage).toBe(true);
    const tooMany = await api.run(`{ chemicals(first: 101) { totalCount } }`);
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0].extensions!.field).toBe('first');
    const forged = await api.run(`{ chemicals(after: "bm9wZQ") { totalCount } }`);
    expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('enterprises', () => {
  it('a regulator registers an enterprise with its group enterprise', async () => {
    await api.run(REGISTER_ENTERPRISE, { input: enterpriseInput(100) }, regulator);
    const result = await api.run(REGISTER_ENTERPRISE, { input: enterpriseInput(101, { parentCreditCode: creditCode(100), keyUnit: true }) }, regulator);
    expect(result.errors).toBeUndefined();
    expect(result.data!.registerEnterprise).toMatchObject({ creditCode: creditCode(101), status: 'ACTIVE', keyUnit: true, parent: { creditCode: creditCode(100) } });
  });

  it('refuses an invalid credit code, naming the field, and writes nothing', async () => {
    const before = await count(Enterprise);
    const bad = creditCode(102).slice(0, 17) + (creditCode(102)[17] === '0' ? '1' : '0');
    const viaVariables = await api.run(REGISTER_ENTERPRISE, { input: enterpriseInput(102, { creditCode: bad }) }, regulator);
    expect(codes(viaVariables)).toEqual(['BAD_USER_INPUT']);
    expect(viaVariables.errors![0].message).toContain('credit code');
    const inline = await api.run(`{ enterprise(creditCode: "${bad}") { name } }`, {}, regulator);
    expect(codes(inline)).toEqual(['BAD_USER_INPUT']);
    await expect(new RegistryService(db.orm.em.fork()).registerEnterprise(regulator, enterpriseInput(102, { creditCode: bad }) as any)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'creditCode'],
    });
    expect(await count(Enterprise)).toBe(before);
  });

  it('refuses a second registration of one credit code as CONFLICT', async () => {
    const result = await api.run(REGISTER_ENTERPRISE, { input: enterpriseInput(100) }, regulator);
    expect(codes(result)).toEqual(['CONFLICT']);
  });

  it('refuses a cycle in the group tree', async () => {
    const result = await api.run(
      `mutation($input: UpdateEnterpriseInput!) { updateEnterprise(input: $input) { name } }`,
      { input: { creditCode: creditCode(100), parentCreditCode: creditCode(101) } },
      regulator,
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.field).toBe('input.parentCreditCode');
  });

  it('a regulator edits; an enterprise token cannot register or edit', async () => {
    const edit = { input: { creditCode: creditCode(100), name: '新名称', enforcementLevel: 'DISTRICT' } };
    const ok = await api.run(`mutation($input: UpdateEnterpriseInput!) { updateEnterprise(input: $input) { name enforcementLevel } }`, edit, regulator);
    expect(ok.data!.updateEnterprise).toEqual({ name: '新名称', enforcementLevel: 'DISTRICT' });
    const own = enterpriseViewer(creditCode(100));
    const refused = await api.run(`mutation($input: UpdateEnterpriseInput!) { updateEnterprise(input: $input) { name } }`, edit, own);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const register = await api.run(REGISTER_ENTERPRISE, { input: enterpriseInput(103) }, own);
    expect(codes(register)).toEqual(['FORBIDDEN']);
  });

  it('an enterprise reads itself, never another; an anonymous caller is UNAUTHENTICATED', async () => {
    const own = enterpriseViewer(creditCode(100));
    const q = `query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`;
    expect((await api.run(q, { c: creditCode(100) }, own)).data!.enterprise.name).toBe('新名称');
    expect(codes(await api.run(q, { c: creditCode(101) }, own))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(q, { c: creditCode(101) }, anonymous))).toEqual(['UNAUTHENTICATED']);
    const list = await api.run(`{ enterprises { totalCount edges { node { creditCode } } } }`, {}, own);
    expect(list.data!.enterprises.edges.map((e: any) => e.node.creditCode)).toEqual([creditCode(100)]);
  });

  it('an unknown enterprise is NOT_FOUND', async () => {
    const result = await api.run(`query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, { c: creditCode(999) }, regulator);
    expect(codes(result)).toEqual(['NOT_FOUND']);
  });
});

describe('warehouses', () => {
  const REGISTER = `mutation($input: RegisterWarehouseInput!) { registerWarehouse(input: $input) { code name capacityTonnes enterprise { creditCode } } }`;
  const input = (enterprise: string, code: string) => ({ enterprise, code, name: '一号库', address: '某路1号', storageType: 'WAREHOUSE', capacityTonnes: '120.5' });

  it('an enterprise registers its own warehouse', async () => {
    const result = await api.run(REGISTER, { input: input(creditCode(100), 'A-01') }, enterpriseViewer(creditCode(100)));
    expect(result.errors).toBeUndefined();
    expect(result.data!.registerWarehouse).toEqual({ code: 'A-01', name: '一号库', capacityTonnes: '120.500', enterprise: { creditCode: creditCode(100) } });
  });

  it('refuses a duplicate code within the enterprise, allows it in another', async () => {
    const before = await count(Warehouse);
    const dup = await api.run(REGISTER, { input: input(creditCode(100), 'A-01') }, regulator);
    expect(codes(dup)).toEqual(['CONFLICT']);
    expect(dup.errors![0].extensions!.field).toBe('input.code');
    expect(await count(Warehouse)).toBe(before);
    const other = await api.run(REGISTER, { input: input(creditCode(101), 'A-01') }, regulator);
    expect(other.errors).toBeUndefined();
  });

  it('an enterprise cannot write another enterprise', async () => {
    const before = await count(Warehouse);
    const result = await api.run(REGISTER, { input: input(creditCode(101), 'B-01') }, enterpriseViewer(creditCode(100)));
    expect(codes(result)).toEqual(['FORBIDDEN']);
    expect(await count(Warehouse)).toBe(before);
  });

  it("an enterprise reaching another through a relation sees its name, not its warehouses or products", async () => {
    const q = `query($c: CreditCode!) { enterprise(creditCode: $c) { parent { name warehouses { totalCount } } } }`;
    const result = await api.run(q, { c: creditCode(101) }, enterpriseViewer(creditCode(101)));
    expect(codes(result)).toEqual(['FORBIDDEN']);
    const names = await api.run(`query($c: CreditCode!) { enterprise(creditCode: $c) { parent { name } } }`, { c: creditCode(101) }, enterpriseViewer(creditCode(101)));
    expect(names.data!.enterprise.parent.name).toBe('新名称');
    const asRegulator = await api.run(q, { c: creditCode(101) }, regulator);
    expect(asRegulator.data!.enterprise.parent.warehouses.totalCount).toBe(1);
  });

  it('refuses a malformed capacity', async () => {
    const result = await api.run(REGISTER, { input: { ...input(creditCode(100), 'C-01'), capacityTonnes: '-3' } }, regulator);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.field).toBe('input.capacityTonnes');
  });
});

describe('products and traceability codes', () => {
  const REGISTER = `mutation($input: RegisterProductInput!) { registerProduct(input: $input) { traceCode tradeName unit url chemical { serial name } enterprise { creditCode } } }`;
  const input = (extra: Record<string, unknown>) => ({ enterprise: creditCode(100), tradeName: '液氯', specification: '≥99.6%', packaging: '钢瓶 1 t', unit: 'KG', ...extra });

  it('registers a product by serial or CAS and assigns a code that embeds the credit code', async () => {
    const bySerial = await api.run(REGISTER, { input: input({ chemicalSerial: 1381 }) }, regulator);
    expect(bySerial.errors).toBeUndefined();
    const code = bySerial.data!.registerProduct.traceCode;
    expect(code).toHaveLength(25);
    expect(code.startsWith(creditCode(100) + '000001')).toBe(true);
    expect(bySerial.data!.registerProduct.url).toBe(`${api.config.publicBaseUrl}/p/${code}`);
    const byCas = await api.run(REGISTER, { input: input({ casNumber: '7664-41-7', tradeName: '液氨' }) }, enterpriseViewer(creditCode(100)));
    expect(byCas.data!.registerProduct.chemical).toEqual({ serial: 2, name: '氨' });
    expect(byCas.data!.registerProduct.traceCode.slice(18, 24)).toBe('000002');
  });

  it('refuses an invalid CAS and an unknown chemical, writing nothing', async () => {
    const before = await count(Product);
    const badCas = await api.run(REGISTER, { input: input({ casNumber: '7664-41-8' }) }, regulator);
    expect(codes(badCas)).toEqual(['BAD_USER_INPUT']);
    const unknownCas = await api.run(REGISTER, { input: input({ casNumber: '7732-18-5' }) }, regulator);
    expect(codes(unknownCas)).toEqual(['NOT_FOUND']);
    expect(unknownCas.errors![0].extensions!.field).toBe('input.casNumber');
    const unknownSerial = await api.run(REGISTER, { input: input({ chemicalSerial: 9999 }) }, regulator);
    expect(codes(unknownSerial)).toEqual(['NOT_FOUND']);
    expect(unknownSerial.errors![0].extensions!.field).toBe('input.chemicalSerial');
    expect(await count(Product)).toBe(before);
  });

  it('assigns distinct numbers under concurrent registrations, never reusing one', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, () => registerProduct(db.orm.em, creditCode(101), 2)));
    const numbers = created.map((p) => p.productNumber).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('productByCode is public and shows nothing private; a mistyped code is BAD_USER_INPUT', async () => {
    const product = await registerProduct(db.orm.em, creditCode(100), 1381);
    const q = `query($code: String!) { productByCode(code: $code) { traceCode tradeName enterpriseName chemical { name highlyToxic } qrCodeSvg url } }`;
    const result = await api.run(q, { code: product.traceCode.toLowerCase() });
    expect(result.errors).toBeUndefined();
    expect(result.data!.productByCode).toMatchObject({ traceCode: product.traceCode, enterpriseName: '新名称', chemical: { name: '氯', highlyToxic: true } });
    expect(result.data!.productByCode.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const privateField = await api.run(`query($code: String!) { productByCode(code: $code) { enterprise { creditCode } } }`, { code: product.traceCode });
    expect(codes(privateField)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const typo = product.traceCode.slice(0, 20) + product.traceCode[21] + product.traceCode[20] + product.traceCode.slice(22);
    const mistyped = await api.run(q, { code: typo === product.traceCode ? product.traceCode.slice(0, 24) + 'X' : typo });
    expect(codes(mistyped)).toEqual(['BAD_USER_INPUT']);
    expect(mistyped.errors![0].extensions!.field).toBe('code');
  });

  it('an enterprise lists only its own products; a partner by mandate', async () => {
    const own = await api.run(`{ products(first: 100) { totalCount edges { node { enterprise { creditCode } } } } }`, {}, enterpriseViewer(creditCode(101)));
    expect(own.data!.products.totalCount).toBe(20);
    const other = await api.run(`query($e: CreditCode) { products(enterprise: $e) { totalCount } }`, { e: creditCode(100) }, enterpriseViewer(creditCode(101)));
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`{ products { totalCount } }`, {}, partner('MARKET_SUPERVISION')))).toEqual([]);
    expect(codes(await api.run(`{ products { totalCount } }`, {}, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
  });

  it('products and warehouses are searched by part of a code or name, as a picker types, % and _ taken literally', async () => {
    const own = enterpriseViewer(creditCode(101));
    const traceCode = (await db.orm.em.fork().findOneOrFail(Product, { enterprise: { creditCode: creditCode(101) }, productNumber: 17 })).traceCode;
    const byCode = await api.run(`query($s: String) { products(search: $s, first: 5) { totalCount edges { node { traceCode } } } }`, { s: traceCode.slice(14).toLowerCase() }, own);
    expect(byCode.errors).toBeUndefined();
    expect(byCode.data!.products).toEqual({ totalCount: 1, edges: [{ node: { traceCode } }] });
    const byName = await api.run(`{ products(search: " 产品 2 ", first: 1) { totalCount } }`, {}, own);
    expect(byName.data!.products.totalCount).toBe(20);
    expect((await api.run(`{ products(search: "%") { totalCount } }`, {}, own)).data!.products.totalCount).toBe(0);
    const warehouses = (s: string) => api.run(`query($e: CreditCode!, $s: String) { warehouses(enterprise: $e, search: $s) { totalCount edges { node { code } } } }`, { e: creditCode(100), s }, regulator);
    expect((await warehouses('a-0')).data!.warehouses).toEqual({ totalCount: 1, edges: [{ node: { code: 'A-01' } }] });
    expect((await warehouses('一号')).data!.warehouses.totalCount).toBe(1);
    expect((await warehouses('A_01')).data!.warehouses.totalCount).toBe(0);
  });
});

describe('nested lists', () => {
  it('load with a number of SQL statements that does not grow with the rows', async () => {
    // Count at the driver: every query of the ORM goes through this connection.
    const count = async () => {
      const { result, statements } = await countStatements(() =>
        api.run(
          `{ enterprises(first: 50) { edges { node { creditCode parent { name } warehouses(first: 10) { edges { node { code enterprise { name } } } }
              products(first: 10) { edges { node { traceCode chemical { name } enterprise { name } } } } } } } }`,
          {},
          regulator,
        ),
      );
      expect(result.errors).toBeUndefined();
      return { n: statements, rows: result.data!.enterprises.edges.length };
    };
    const small = await count();
    for (let i = 0; i < 8; i++) {
      const e = await registerEnterprise(db.orm.em, 200 + i, { parentCreditCode: creditCode(100) });
      await registerWarehouse(db.orm.em, e.creditCode, 'W1');
      await registerWarehouse(db.orm.em, e.creditCode, 'W2');
      await registerProduct(db.orm.em, e.creditCode, 2);
    }
    const large = await count();
    expect(large.rows).toBeGreaterThan(small.rows + 7);
    expect(large.n).toBe(small.n);
    expect(large.n).toBeLessThanOrEqual(8);
  });
});
