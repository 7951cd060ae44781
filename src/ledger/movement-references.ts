import { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery } from '../db/raw-query';
import { ProductRef, ResolvedReferences } from './append-state';
import { entryField, LedgerError } from './ledger.errors';
import { SubmittedMovement } from './movement-submission';

interface ReferenceRows {
  enterprise: string | null;
  warehouses: { id: string; code: string }[] | null;
  products: (ProductRef & { code: string })[] | null;
  counterparties: { id: string; code: string }[] | null;
}

/**
 * The enterprise, its warehouses, products (anyone's) and counterparties named by a submission: one query.
 * The codes are compared with `= any(array(...))`, which the unique indexes answer; `in (select ...)` over the
 * JSON list was planned as a hash semi-join over a scan of the whole table (issue 12).
 */
export async function lookUpReferences(em: EntityManager, chain: string, movements: readonly SubmittedMovement[]): Promise<ResolvedReferences> {
  const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);
  const [found] = await preparedQuery<ReferenceRows>(
    em,
    'hz_append_references',
    `with e as (select id from enterprise where credit_code = ?)
     select (select id::text from e) as enterprise,
            (select json_agg(json_build_object('id', w.id::text, 'code', w.code)) from warehouse w
               where w.enterprise_id = (select id from e) and w.code = any(array(select jsonb_array_elements_text(?::jsonb)))) as warehouses,
            (select json_agg(json_build_object('id', p.id::text, 'code', p.trace_code, 'unit', p.unit, 'chemicalSerial', p.chemical_serial)) from product p
               where p.trace_code = any(array(select jsonb_array_elements_text(?::jsonb)))) as products,
            (select json_agg(json_build_object('id', c.id::text, 'code', c.credit_code)) from enterprise c
               where c.credit_code = any(array(select jsonb_array_elements_text(?::jsonb)))) as counterparties`,
    [
      chain,
      json(movements.map((m) => m.warehouse)),
      json(movements.flatMap((m) => [m.product, ...(m.inputs ?? []).map((r) => r.product)])),
      json(movements.flatMap((m) => (m.counterparty ? [m.counterparty] : []))),
    ],
  );
  if (!found.enterprise) throw LedgerError.enterpriseNotFound(chain);
  return {
    enterprise: { id: found.enterprise },
    warehouses: new Map((found.warehouses ?? []).map((w) => [w.code, { id: w.id }])),
    products: new Map((found.products ?? []).map((p) => [p.code, { id: p.id, unit: p.unit, chemicalSerial: p.chemicalSerial }])),
    counterparties: new Map((found.counterparties ?? []).map((c) => [c.code, { id: c.id }])),
  };
}

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
