import { ProductRef, ResolvedReferences } from './append-state';
import { SubmittedMovement } from './movement-submission';

/** Codes remembered of each kind; past it the oldest go first. */
const LIMIT = 50_000;

/**
 * What a submission's codes resolved to, kept by the process: a registry row is never deleted (the
 * registry_row_kept trigger) and what a lookup reads of it never changes (an enterprise's credit code, a
 * warehouse's enterprise and code, a product's trace code, unit and chemical), so a code once found is
 * found the same until the database is replaced. Only what a lookup found, outside any transaction (so
 * committed), is remembered; a code not found is asked again each time, as it may be registered since.
 * A submission all of whose codes are known needs no statement (issue 12: one round trip less a call).
 */
export class ReferenceCache {
  private readonly enterprises = new Map<string, string>();
  /** By enterprise id and warehouse code. */
  private readonly warehouses = new Map<string, string>();
  private readonly products = new Map<string, ProductRef>();

  constructor(private readonly limit = LIMIT) {}

  /** The references of these movements for this chain, when every code is known; null otherwise. */
  resolve(chain: string, movements: readonly SubmittedMovement[]): ResolvedReferences | null {
    const enterprise = this.enterprises.get(chain);
    if (!enterprise) return null;
    const refs: ResolvedReferences = { enterprise: { id: enterprise }, warehouses: new Map(), products: new Map(), counterparties: new Map() };
    for (const m of movements) {
      const warehouse = this.warehouses.get(warehouseKey(enterprise, m.warehouse));
      if (!warehouse) return null;
      refs.warehouses.set(m.warehouse, { id: warehouse });
      for (const code of productCodes(m)) {
        const product = this.products.get(code);
        if (!product) return null;
        refs.products.set(code, product);
      }
      if (m.counterparty) {
        const counterparty = this.enterprises.get(m.counterparty);
        if (!counterparty) return null;
        refs.counterparties.set(m.counterparty, { id: counterparty });
      }
    }
    return refs;
  }

  /** What a lookup found for this chain, read outside a transaction. */
  remember(chain: string, refs: ResolvedReferences): void {
    this.keep(this.enterprises, chain, refs.enterprise.id);
    for (const [code, { id }] of refs.warehouses) this.keep(this.warehouses, warehouseKey(refs.enterprise.id, code), id);
    for (const [code, product] of refs.products) this.keep(this.products, code, product);
    for (const [code, { id }] of refs.counterparties) this.keep(this.enterprises, code, id);
  }

  private keep<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.has(key)) return;
    if (map.size >= this.limit) map.delete(map.keys().next().value!);
    map.set(key, value);
  }
}

const warehouseKey = (enterpriseId: string, code: string) => `${enterpriseId}\u0000${code}`;

/** The trace codes a movement names, its product's and its inputs': what the lookup asks and the cache must know. */
export const productCodes = (m: SubmittedMovement): string[] => [m.product, ...(m.inputs ?? []).map((r) => r.product)];
