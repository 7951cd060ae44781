import crypto from 'node:crypto';
import { Client } from 'pg';
import { Viewer } from '../../src/access/viewer';
import { LedgerService } from '../../src/ledger/ledger.service';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { Direction, MovementReason } from '../../src/ledger/ledger.enums';
import { MovementObserver } from '../../src/ledger/movement-observer';
import { Unit } from '../../src/registry/registry.enums';
import { Clock, fixedClock } from '../../src/shared/clock';
import { TestDatabase } from './database';
import { creditCode, enterpriseViewer, registerEnterprise, registerProduct, registerWarehouse } from './fixtures';

export const LEDGER_NOW = '2026-11-26T08:30:00.000Z';
export const ledgerClock = () => fixedClock(LEDGER_NOW);

/** A registered enterprise with warehouses W1 and W2 and one product (chlorine, KG). */
export interface Trader {
  code: string;
  viewer: Viewer;
  product: string;
}

export async function registerTrader(db: TestDatabase, n: number, chemicalSerial = 1381): Promise<Trader> {
  const em = db.orm.em.fork();
  const enterprise = await registerEnterprise(em, n);
  await registerWarehouse(em, enterprise.creditCode, 'W1');
  await registerWarehouse(em, enterprise.creditCode, 'W2');
  const product = await registerProduct(em, enterprise.creditCode, chemicalSerial, Unit.KG);
  return { code: enterprise.creditCode, viewer: enterpriseViewer(enterprise.creditCode), product: product.traceCode };
}

/** A movement input with sensible defaults: 10 KG into W1, batch B1. */
export function movement(product: string, overrides: Partial<MovementInput> = {}): MovementInput {
  return {
    direction: Direction.IN,
    reason: MovementReason.PRODUCTION,
    warehouse: 'W1',
    product,
    batch: 'B1',
    quantity: '10',
    unit: Unit.KG,
    occurredAt: '2026-11-26T08:00:00.000Z',
    ...overrides,
  };
}

export const inbound = (product: string, overrides: Partial<MovementInput> = {}) => movement(product, overrides);
export const outbound = (product: string, overrides: Partial<MovementInput> = {}) =>
  movement(product, { direction: Direction.OUT, reason: MovementReason.SALE, ...overrides });

export function ledgerService(db: TestDatabase, clock: Clock = ledgerClock(), observers: MovementObserver[] = []): LedgerService {
  return new LedgerService(db.orm.em.fork(), clock, { clockSkewMs: 300_000 }, observers);
}

export function record(db: TestDatabase, viewer: Viewer, entries: MovementInput[], requestId: string = crypto.randomUUID(), clock?: Clock) {
  return ledgerService(db, clock).recordMovements(viewer, { requestId, entries });
}

/** Row counts of every ledger table: a refused submission leaves them all as they were. */
export async function ledgerCounts(db: TestDatabase): Promise<Record<string, number>> {
  const rows: { t: string; n: string }[] = await db.orm.em.fork().getConnection().execute(
    `select 'entry' as t, count(*) as n from ledger_entry union all select 'balance', count(*) from ledger_balance
     union all select 'shipment', count(*) from ledger_shipment union all select 'request', count(*) from ledger_request
     union all select 'input', count(*) from ledger_production_input
     union all select 'quantity', coalesce(sum(quantity), 0) * 1000 from ledger_balance
     union all select 'moved', coalesce(sum(received + cancelled), 0) * 1000 from ledger_shipment`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

/** A superuser connection outside the ORM, for tampering as an attacker with database access would. */
export async function superuser<T>(db: TestDatabase, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const AGREEMENT = 'ledger_entry_canonical_agrees';
/** The constraint's definition per database, as it was before tamperEntries first dropped it. */
const agreementDefinitions = new Map<string, string>();

/**
 * Runs `sql` as a superuser changing entries by hand would: the entry table's triggers disabled, and its
 * canonical-agreement constraint dropped (a CHECK constraint holds with triggers disabled), unless
 * `keepAgreement` (for changes it does not cover: a hash, a deleted row). The triggers are back on afterwards;
 * the constraint stays dropped until restoreCanonicalAgreement.
 */
export async function tamperEntries(db: TestDatabase, sql: string, params: unknown[] = [], options: { keepAgreement?: boolean } = {}): Promise<void> {
  await superuser(db, async (client) => {
    await client.query('begin');
    await client.query(`alter table ledger_entry disable trigger user`);
    if (!options.keepAgreement) {
      const { rows } = await client.query(`select pg_get_constraintdef(oid) as definition from pg_constraint where conname = $1`, [AGREEMENT]);
      if (rows.length) agreementDefinitions.set(db.url, rows[0].definition);
      await client.query(`alter table ledger_entry drop constraint if exists ${AGREEMENT}`);
    }
    await client.query(sql, params);
    await client.query('alter table ledger_entry enable trigger user');
    await client.query('commit');
  });
}

/** Adds the canonical-agreement constraint back as it was (validating every row), if tamperEntries dropped it. */
export async function restoreCanonicalAgreement(db: TestDatabase): Promise<void> {
  const definition = agreementDefinitions.get(db.url);
  if (!definition) return;
  await superuser(db, (client) => client.query(`alter table ledger_entry add constraint ${AGREEMENT} ${definition}`));
  agreementDefinitions.delete(db.url);
}

export { creditCode };
