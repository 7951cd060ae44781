/**
 * A large ledger fast (`npm run bench -- --bulk N`): N entries written in SQL
 * straight into the tables, as a migration from an older system would, before
 * the measured phases append through the API on top of it. Sealed with the
 * ledger's own code (sealEntries), so every hash, link and canonical text is
 * what the API would have written and the canonical-agreement constraint
 * accepts each row; each chain's head, one request row per entry and the
 * balances are written to agree. Every entry is a PURCHASE into stock (no
 * counterparty, no shipment): what is measured on it is the log, which sees
 * only hashes. Not measured itself.
 */
import { Client } from 'pg';
import { EntryFields, GENESIS_PREV_HASH, sealEntries } from '../src/proof/canonical-entry';
import { BenchEnterprise } from './setup';

/** Rows per INSERT: one JSON document of a few MB. */
const CHUNK = 5_000;
/** Batch numbers per product in the bulk part: balances stay few. */
const BATCHES = 20;
const START = Date.parse('2025-01-01T00:00:00.000Z');

interface Head {
  seq: number;
  hash: string;
}

function fields(enterprise: BenchEnterprise, seq: number): EntryFields {
  const at = new Date(START + seq * 60_000 + enterprise.index).toISOString();
  const product = enterprise.products[seq % enterprise.products.length];
  return {
    direction: 'IN',
    reason: 'PURCHASE',
    warehouse: enterprise.warehouses[seq % enterprise.warehouses.length],
    product: product.code,
    batch: `BULK${seq % BATCHES}`,
    quantity: '1.000',
    unit: product.unit,
    counterparty: null,
    sourceHash: null,
    inputs: null,
    corrects: null,
    transportDoc: null,
    occurredAt: at,
    recordedAt: at,
    requestId: `bulk-${seq}`,
  };
}

/**
 * Appends `count` entries spread evenly over the enterprises' chains, in
 * rounds (each round a few entries on every chain, as interleaved traffic
 * gives the log). `progress` is told the entries written so far.
 */
export async function bulkLedger(sql: Client, enterprises: BenchEnterprise[], count: number, progress: (done: number) => void): Promise<void> {
  const heads = new Map<string, Head>(enterprises.map((e) => [e.code, { seq: 0, hash: GENESIS_PREV_HASH }]));
  const perRound = Math.max(1, Math.floor(CHUNK / enterprises.length));
  let done = 0;
  while (done < count) {
    const rows: unknown[] = [];
    for (const enterprise of enterprises) {
      const head = heads.get(enterprise.code)!;
      const n = Math.min(perRound, count - done - rows.length);
      if (n <= 0) break;
      const list = Array.from({ length: n }, (_, i) => fields(enterprise, head.seq + 1 + i));
      const sealed = sealEntries(enterprise.code, head.seq, head.hash, list);
      sealed.forEach((s, i) => rows.push({ e: enterprise.id, chain: enterprise.code, ...s, ...list[i] }));
      heads.set(enterprise.code, { seq: head.seq + n, hash: sealed[n - 1].hash });
    }
    await sql.query(
      `insert into ledger_entry (chain, enterprise_id, seq, prev_hash, hash, canonical, direction, reason, warehouse_id, warehouse_code, product_id, product_code,
                                 batch, quantity, unit, occurred_at, recorded_at, request_id)
       select r.chain, r.e, r.seq, r."prevHash", r.hash, r.canonical, 'IN', 'PURCHASE', w.id, r.warehouse, p.id, r.product,
              r.batch, r.quantity::numeric, r.unit::unit, r."occurredAt"::timestamptz, r."recordedAt"::timestamptz, r."requestId"
         from json_to_recordset($1::json) as r(e bigint, chain text, seq int, "prevHash" text, hash text, canonical text, warehouse text, product text,
                                               batch text, quantity text, unit text, "occurredAt" text, "recordedAt" text, "requestId" text)
         join warehouse w on w.enterprise_id = r.e and w.code = r.warehouse
         join product p on p.trace_code = r.product
        order by r.seq, r.chain`,
      [JSON.stringify(rows)],
    );
    done += rows.length;
    progress(done);
  }
  await sql.query(
    `insert into ledger_chain (chain, enterprise_id, last_seq, last_hash)
     select h.chain, h.e, h.seq, h.hash from json_to_recordset($1::json) as h(chain text, e bigint, seq int, hash text) where h.seq > 0`,
    [JSON.stringify(enterprises.map((e) => ({ chain: e.code, e: e.id, ...heads.get(e.code)! })))],
  );
  await sql.query(
    `insert into ledger_request (chain, request_id, digest, first_seq, entry_count, recorded_at)
     select chain, request_id, encode(sha256(convert_to(request_id, 'UTF8')), 'hex'), seq, 1, recorded_at from ledger_entry`,
  );
  await sql.query(
    `insert into ledger_balance (enterprise_id, warehouse_id, product_id, batch, quantity, updated_at)
     select enterprise_id, warehouse_id, product_id, batch, sum(quantity), max(recorded_at) from ledger_entry group by enterprise_id, warehouse_id, product_id, batch`,
  );
  await sql.query('analyze');
}
