import { Department, Role, Viewer } from './viewer';

/**
 * What each partner department may read: the mandate matrix of docs/access.md
 * (test/access/mandates-doc.test.ts keeps the two in step). A field or query
 * guarded by `@Authorized(mandate(M))` is served to a PARTNER token only when
 * its department holds M; otherwise the auth checker refuses it, FORBIDDEN on
 * that field. Services that narrow rows for a partner (e.g. only controlled
 * chemicals' movements) ask `viewerHolds`.
 */
export enum Mandate {
  /** Enterprise identity: name, credit code, address, town, level, status. */
  ENTERPRISES = 'ENTERPRISES',
  /** Warehouses, tank farms, yards: location, type, capacity. */
  WAREHOUSES = 'WAREHOUSES',
  /** Stock balances per warehouse, product and batch. */
  STOCK = 'STOCK',
  /** Major-hazard source (重大危险源) identification under GB 18218. */
  MAJOR_HAZARD = 'MAJOR_HAZARD',
  /** Products (一企一品一码) and their traceability codes. */
  PRODUCTS = 'PRODUCTS',
  /** Licences, their lifecycle and scope, and the ledger's licence alerts. */
  LICENCES = 'LICENCES',
  /** Movements of highly toxic (剧毒) and explosive-precursor (易制爆) chemicals. */
  CONTROLLED_MOVEMENTS = 'CONTROLLED_MOVEMENTS',
  /** Who the other party of a movement or shipment was (buyer, seller, consignee). */
  COUNTERPARTIES = 'COUNTERPARTIES',
  /** DISPOSAL movements (handing over to waste handlers). */
  DISPOSAL_MOVEMENTS = 'DISPOSAL_MOVEMENTS',
  /** Shipments between enterprises: sender, receiver, quantities, status. */
  SHIPMENTS = 'SHIPMENTS',
  /** Electronic waybill numbers (transportDoc). */
  WAYBILLS = 'WAYBILLS',
}

export const DEPARTMENT_MANDATES: Readonly<Record<Department, readonly Mandate[]>> = {
  /** 消防救援: where the hazards are and how much, to plan fire fighting and rescue. */
  [Department.FIRE_RESCUE]: [Mandate.ENTERPRISES, Mandate.WAREHOUSES, Mandate.STOCK, Mandate.MAJOR_HAZARD],
  /** 公安: controlled chemicals (剧毒, 易制爆) and who bought them. */
  [Department.PUBLIC_SECURITY]: [Mandate.ENTERPRISES, Mandate.CONTROLLED_MOVEMENTS, Mandate.COUNTERPARTIES],
  /** 市场监管: products on the market and the licences behind them. */
  [Department.MARKET_SUPERVISION]: [Mandate.ENTERPRISES, Mandate.PRODUCTS, Mandate.LICENCES],
  /** 生态环境: what goes to disposal. */
  [Department.ECOLOGY_ENVIRONMENT]: [Mandate.ENTERPRISES, Mandate.DISPOSAL_MOVEMENTS],
  /** 交通运输: shipments, waybills, and who sent to whom. */
  [Department.TRANSPORT]: [Mandate.ENTERPRISES, Mandate.SHIPMENTS, Mandate.WAYBILLS, Mandate.COUNTERPARTIES],
};

const PREFIX = 'mandate:';

/** The `@Authorized` rule granting a partner department holding `m`. */
export function mandate(m: Mandate): string {
  return PREFIX + m;
}

export function mandateOfRule(rule: string): Mandate | null {
  return rule.startsWith(PREFIX) ? (rule.slice(PREFIX.length) as Mandate) : null;
}

export function departmentHolds(department: Department, m: Mandate): boolean {
  return DEPARTMENT_MANDATES[department].includes(m);
}

/** For services narrowing rows: true for a partner whose department holds `m`, false for anyone else. */
export function viewerHolds(viewer: Viewer, m: Mandate): boolean {
  return viewer.role === Role.PARTNER && departmentHolds(viewer.department, m);
}
