import { registerEnumType } from 'type-graphql';
import { Role, Viewer } from './viewer';

/**
 * What a partner department may read. Each department's mandates are rows of
 * the `department` table (partner-department.entity.ts), which the bureau
 * changes at run time; docs/access.md shows the seeded departments' matrix
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
registerEnumType(Mandate, { name: 'Mandate', description: "What a partner department may read (docs/access.md, the mandate matrix)" });


const PREFIX = 'mandate:';

/** The `@Authorized` rule granting a partner department holding `m`. */
export function mandate(m: Mandate): string {
  return PREFIX + m;
}

export function mandateOfRule(rule: string): Mandate | null {
  return rule.startsWith(PREFIX) ? (rule.slice(PREFIX.length) as Mandate) : null;
}

/**
 * For services narrowing rows: true for a partner whose department holds `m`, false for anyone else.
 * A partner viewer carries its department's mandates as the table held them when the request was
 * authenticated (departments.service.ts `withMandates`), so one request sees one mandate.
 */
export function viewerHolds(viewer: Viewer, m: Mandate): boolean {
  return viewer.role === Role.PARTNER && viewer.mandates.includes(m);
}
