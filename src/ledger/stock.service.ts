import { FilterQuery, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaWhere, enterpriseScope } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate, paginateByParent, PageWants } from '../db/paginate';
import { normalizeTraceCode } from '../proof/trace-code';
import { Page, PageArgs } from '../shared/page';
import { checkCreditCode } from './ledger.service';
import { StockBalance } from './stock-balance.entity';

export interface StockTotal {
  productId: string;
  productCode: string;
  unit: string;
  quantity: string;
  batches: number;
}

export type StockPage = Page<StockBalance> & { totals: StockTotal[] };

/** What a stock connection selected: its rows, totalCount, totals. */
export interface StockWants extends PageWants {
  totals?: boolean;
}

export interface StockFilter extends PageArgs {
  warehouse?: string | null;
  product?: string | null;
  batch?: string | null;
  includeEmpty?: boolean;
}

/** Balances per (warehouse, product, batch) and their totals per product: one enterprise's, or many enterprises' at once. */
export class StockService {
  constructor(private readonly em: EntityManager) {}

  /** The `stock` query: an enterprise its own, regulators and partners any or all. */
  async stock(viewer: Viewer, args: StockFilter & { enterprise?: string | null }, wants: StockWants = {}): Promise<StockPage> {
    if (args.enterprise) checkCreditCode(args.enterprise, ['enterprise']);
    const own = enterpriseScope(viewer, args.enterprise);
    const area = areaWhere(viewer);
    const filter = stockFilter(args, own || 'town' in area ? [{ enterprise: { ...(own ? { creditCode: own } : {}), ...area } }] : []);
    const [page, totals] = await Promise.all([
      paginate<StockBalance>(this.em, StockBalance, filter, args, wants),
      wants.totals === false ? new Map<string, StockTotal[]>() : this.totals(filter, null),
    ]);
    return { ...page, totals: totals.get('') ?? [] };
  }

  /**
   * The `stock` field of many enterprises, for a list of them: one statement
   * for all their pages and one for all their totals (when selected). The
   * caller has checked that the viewer may read each enterprise.
   */
  async stockOf(enterpriseIds: readonly string[], args: StockFilter, wants: StockWants = {}): Promise<Map<string, StockPage>> {
    const filter = stockFilter(args, []);
    const [pages, totals] = await Promise.all([
      paginateByParent<StockBalance>(this.em, StockBalance, 'enterprise', enterpriseIds, filter, args, wants),
      wants.totals === false ? new Map<string, StockTotal[]>() : this.totals(filter, enterpriseIds),
    ]);
    return new Map([...pages].map(([id, page]) => [id, { ...page, totals: totals.get(id) ?? [] }]));
  }

  /** Totals per product over the filter, in product order: per enterprise of `enterpriseIds`, or over all ('' key). */
  private async totals(filter: FilterQuery<StockBalance>, enterpriseIds: readonly string[] | null): Promise<Map<string, StockTotal[]>> {
    const qb = this.em
      .createQueryBuilder(StockBalance, 'b')
      .join('b.product', 'hz_product')
      .select([
        raw(enterpriseIds ? 'b.enterprise_id as parent' : `'' as parent`),
        raw('b.product_id as product'),
        raw('hz_product.trace_code as product_code'),
        raw('hz_product.unit as unit'),
        raw('sum(b.quantity) as quantity'),
        raw('count(*) as batches'),
      ])
      .where((enterpriseIds ? { $and: [filter, { enterprise: { $in: [...enterpriseIds] } }] } : filter) as never)
      .groupBy([...(enterpriseIds ? ['b.enterprise'] : []), 'b.product', 'hz_product.traceCode', 'hz_product.unit'])
      .orderBy({ product: 'asc' });
    const rows = await qb.execute<{ parent: string; product: string; product_code: string; unit: string; quantity: string; batches: string }[]>('all', false);
    const byParent = new Map<string, StockTotal[]>();
    for (const r of rows) {
      const list = byParent.get(String(r.parent)) ?? byParent.set(String(r.parent), []).get(String(r.parent))!;
      list.push({ productId: String(r.product), productCode: r.product_code, unit: r.unit, quantity: String(r.quantity), batches: Number(r.batches) });
    }
    return byParent;
  }
}

export function stockFilter(args: StockFilter, where: Record<string, unknown>[]): FilterQuery<StockBalance> {
  if (args.warehouse) where.push({ warehouse: { code: args.warehouse } });
  if (args.product) where.push({ product: { traceCode: normalizeTraceCode(args.product) } });
  if (args.batch) where.push({ batch: args.batch });
  if (!args.includeEmpty) where.push({ quantity: { $gt: 0 } });
  return (where.length ? { $and: where } : {}) as FilterQuery<StockBalance>;
}
