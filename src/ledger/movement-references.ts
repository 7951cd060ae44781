import { EntityManager } from '@mikro-orm/postgresql';
import { LookupsPerTurn } from '../db/lookups-per-turn';
import { withConnection } from '../db/plain-connection';
import { ProductRef, ResolvedReferences } from './append-state';
import { entryField, LedgerError } from './ledger.errors';
import { SubmittedMovement } from './movement-submission';
import { productCodes, ReferenceCache } from './reference-cache';

interface ReferenceRows {
  enterprise: string | null;
  warehouses: { id: string; code: string }[] | null;
  products: (ProductRef & { code: string })[] | null;
  counterparties: { id: string; code: string }[] | null;
}

interface Ask {
  chain: string;
  movements: readonly SubmittedMovement[];
}

/** What each ORM's lookups found (its configuration, shared by every fork, stands for its database). */
const caches = new WeakMap<object, ReferenceCache>();

function cacheOf(em: EntityManager): ReferenceCache {
  let cache = caches.get(em.config);
  if (!cache) caches.set(em.config, (cache = new ReferenceCache()));
  return cache;
}

/**
 * The enterprise, its warehouses, products (anyone's) and counterparties named by a submission. Codes found
 * before are not asked again (reference-cache.ts); the others are asked with every concurrent call's, in one
 * statement (lookups-per-turn.ts).
 */
export async function lookUpReferences(em: EntityManager, chain: string, movements: readonly SubmittedMovement[]): Promise<ResolvedReferences> {
  return (!em.isInTransaction() && cacheOf(em).resolve(chain, movements)) || references.ask(em, { chain, movements });
}

/**
 * One row an ask. The codes are compared with `= any(array(...))`, which the unique indexes answer, and the
 * enterprise is a subquery a row; `in (select ...)` over the JSON list, or a join, was planned as a hash join
 * over a scan of the whole table (issue 12).
 */
const references = new LookupsPerTurn<Ask, ResolvedReferences>(async (em, asks) => {
  const json = (values: Iterable<string>) => [...new Set(values)];
  const asked = JSON.stringify(
    asks.map(({ chain, movements }, i) => ({
      i,
      c: chain,
      w: json(movements.map((m) => m.warehouse)),
      p: json(movements.flatMap(productCodes)),
      x: json(movements.flatMap((m) => (m.counterparty ? [m.counterparty] : []))),
    })),
  );
  const rows = await withConnection(em, (connection) =>
    connection.rows<ReferenceRows & { i: number }>({
      name: 'hz_append_references',
      text: `select k.i, e.id::text as enterprise,
              (select json_agg(json_build_object('id', w.id::text, 'code', w.code)) from warehouse w
                 where w.enterprise_id = e.id and w.code = any(array(select jsonb_array_elements_text(k.w)))) as warehouses,
              (select json_agg(json_build_object('id', p.id::text, 'code', p.trace_code, 'unit', p.unit, 'chemicalSerial', p.chemical_serial)) from product p
                 where p.trace_code = any(array(select jsonb_array_elements_text(k.p)))) as products,
              (select json_agg(json_build_object('id', c.id::text, 'code', c.credit_code)) from enterprise c
                 where c.credit_code = any(array(select jsonb_array_elements_text(k.x)))) as counterparties
         from json_to_recordset($1::json) as k(i int, c text, w jsonb, p jsonb, x jsonb)
        cross join lateral (select (select id from enterprise where credit_code = k.c) as id) e`,
      values: [asked],
    }),
  );
  // Committed rows only are remembered: a transaction's own may yet be rolled back.
  const cache = em.isInTransaction() ? null : cacheOf(em);
  const found: (ResolvedReferences | LedgerError)[] = [];
  for (const row of rows) {
    const { chain } = asks[row.i];
    if (!row.enterprise) {
      found[row.i] = LedgerError.enterpriseNotFound(chain);
      continue;
    }
    const refs: ResolvedReferences = {
      enterprise: { id: row.enterprise },
      warehouses: new Map((row.warehouses ?? []).map((w) => [w.code, { id: w.id }])),
      products: new Map((row.products ?? []).map((p) => [p.code, { id: p.id, unit: p.unit, chemicalSerial: p.chemicalSerial }])),
      counterparties: new Map((row.counterparties ?? []).map((c) => [c.code, { id: c.id }])),
    };
    cache?.remember(chain, refs);
    found[row.i] = refs;
  }
  return found;
});

/** What an entry names that the registry does not hold (or holds in another unit); null when all is there. */
export function referenceProblem(m: SubmittedMovement, refs: ResolvedReferences): LedgerError | null {
  if (!refs.warehouses.has(m.warehouse)) return LedgerError.warehouseNotFound(m.index, m.warehouse);
  const product = refs.products.get(m.product);
  if (!product) return LedgerError.productNotFound(entryField(m.index, 'product'), m.product);
  if (product.unit !== m.unit) {
    return LedgerError.invalid(entryField(m.index, 'unit'), `Entry ${m.index}: product ${m.product} is counted in ${product.unit}, not ${m.unit}`);
  }
  const input = (m.inputs ?? []).findIndex((ref) => !refs.products.has(ref.product));
  return input < 0 ? null : LedgerError.productNotFound(entryField(m.index, 'inputs', input, 'product'), m.inputs![input].product);
}
