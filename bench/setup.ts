/** The bench's scratch database: created, migrated, seeded with a registry (not measured), dropped at the end. */
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { adminUrl, createScratchDatabase, ScratchDatabase } from '../src/db/scratch-database';
import { creditCodeCheckCharacter } from '../src/proof/credit-code';
import { formatTraceCode } from '../src/proof/trace-code';

export interface BenchProduct {
  code: string;
  unit: 'KG' | 'T' | 'L';
}

export interface BenchEnterprise {
  index: number;
  id: string;
  code: string;
  warehouses: string[];
  products: BenchProduct[];
}

export const WAREHOUSES = ['W1', 'W2', 'W3'];
const PRODUCTS_PER_ENTERPRISE = 3;
const UNITS: BenchProduct['unit'][] = ['KG', 'T', 'L'];

/** A valid unified social credit code, distinct for each n (the same form as the tests' fixtures, another range). */
export function benchCreditCode(n: number): string {
  const body = `913101${String(500_000 + n).padStart(11, '0')}`;
  return body + creditCodeCheckCharacter(body);
}

export async function createBenchDatabase(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase(adminUrl(), 'hz_bench');
  // A child process, as the tests' global setup does: MikroORM's metadata stays out of the bench process.
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return db;
}

/**
 * Enterprises with three warehouses and three products each, and a valid
 * SAFETY_PRODUCTION licence covering every chemical used (so the licence
 * observer runs its checks and raises no alert, as for a compliant
 * enterprise). Plain SQL: the registry is not what is measured.
 */
export async function seedRegistry(client: Client, count: number): Promise<BenchEnterprise[]> {
  const { rows: chemicals } = await client.query<{ serial: number }>(
    `(select serial from chemical where serial = 1381)
     union all (select serial from chemical where not highly_toxic and not explosive_precursor order by serial offset 200 limit 7)`,
  );
  const serials = chemicals.map((c) => Number(c.serial));
  if (serials.length < 4) throw new Error('bench: the chemical catalogue is missing');
  const enterprises = Array.from({ length: count }, (_, i) => ({
    credit_code: benchCreditCode(i),
    name: `基准企业${i}`,
    address: `上海市浦东新区基准路${i}号`,
    town: ['高桥镇', '高东镇', '曹路镇', '合庆镇'][i % 4],
    last_product_number: PRODUCTS_PER_ENTERPRISE,
  }));
  const { rows: ids } = await client.query<{ id: string; credit_code: string }>(
    `insert into enterprise (credit_code, name, address, town, enforcement_level, industry, last_product_number)
     select x.credit_code, x.name, x.address, x.town, 'DISTRICT', 'HAZCHEM_PRODUCTION', x.last_product_number
       from jsonb_to_recordset($1::jsonb) as x(credit_code text, name text, address text, town text, last_product_number int)
     returning id, credit_code`,
    [JSON.stringify(enterprises)],
  );
  const idOf = new Map(ids.map((r) => [r.credit_code, String(r.id)]));
  const result: BenchEnterprise[] = enterprises.map((e, i) => ({
    index: i,
    id: idOf.get(e.credit_code)!,
    code: e.credit_code,
    warehouses: WAREHOUSES,
    products: Array.from({ length: PRODUCTS_PER_ENTERPRISE }, (_, p) => ({ code: formatTraceCode(e.credit_code, p + 1), unit: UNITS[(i + p) % UNITS.length] })),
  }));
  await client.query(
    `insert into warehouse (enterprise_id, code, name, address, storage_type, capacity_tonnes)
     select x.e, x.code, '仓库 ' || x.code, '上海市浦东新区基准路1号', 'WAREHOUSE', 5000 from jsonb_to_recordset($1::jsonb) as x(e bigint, code text)`,
    [JSON.stringify(result.flatMap((e) => e.warehouses.map((code) => ({ e: e.id, code }))))],
  );
  await client.query(
    `insert into product (trace_code, enterprise_id, chemical_serial, product_number, trade_name, specification, packaging, unit)
     select x.code, x.e, x.serial, x.n, '产品 ' || x.n, '≥99%', '桶装 200 L', x.unit::unit from jsonb_to_recordset($1::jsonb) as x(code text, e bigint, serial int, n int, unit text)`,
    [
      JSON.stringify(
        result.flatMap((e) => e.products.map((p, n) => ({ code: p.code, e: e.id, serial: serials[(e.index * PRODUCTS_PER_ENTERPRISE + n) % serials.length], n: n + 1, unit: p.unit }))),
      ),
    ],
  );
  const { rows: licences } = await client.query<{ id: string }>(
    `insert into licence (type, number, holder_id, holder_name, address, legal_representative, issuing_authority, valid_from, valid_until, state, applied_at, decided_at)
     select 'SAFETY_PRODUCTION', '(沪)WH安许证字[2020]' || x.i, x.e, x.name, x.address, '张三', '上海市应急管理局', '2020-01-01', '2099-12-31', 'VALID', '2019-12-01T00:00:00Z', '2020-01-01T00:00:00Z'
       from jsonb_to_recordset($1::jsonb) as x(i int, e bigint, name text, address text)
     returning id`,
    [JSON.stringify(result.map((e, i) => ({ i, e: e.id, name: enterprises[i].name, address: enterprises[i].address })))],
  );
  const licenceIds = licences.map((l) => String(l.id));
  await client.query(
    `insert into licence_event (licence_id, type, occurred_at, state_after, actor)
     select l, 'ISSUED', '2020-01-01T00:00:00Z', 'VALID', 'bench' from unnest($1::bigint[]) as l`,
    [licenceIds],
  );
  await client.query(
    `insert into licence_scope_item (licence_id, chemical_serial, storage_allowed, added_at)
     select l, s, true, '2020-01-01T00:00:00Z' from unnest($1::bigint[]) as l cross join unnest($2::int[]) as s`,
    [licenceIds, serials],
  );
  await client.query('analyze');
  return result;
}

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
