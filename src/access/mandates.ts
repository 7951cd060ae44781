import { Department } from './viewer';

/**
 * What each partner department may read: the mandate matrix of docs/access.md.
 * A field or query guarded by `@Authorized(mandate(M))` is served to a PARTNER
 * token only when its department holds M.
 */
export enum Mandate {
  ENTERPRISES = 'ENTERPRISES',
  WAREHOUSES = 'WAREHOUSES',
  STOCK = 'STOCK',
  MAJOR_HAZARD = 'MAJOR_HAZARD',
  PRODUCTS = 'PRODUCTS',
  LICENCES = 'LICENCES',
  CONTROLLED_MOVEMENTS = 'CONTROLLED_MOVEMENTS',
  COUNTERPARTIES = 'COUNTERPARTIES',
  DISPOSAL_MOVEMENTS = 'DISPOSAL_MOVEMENTS',
  SHIPMENTS = 'SHIPMENTS',
  WAYBILLS = 'WAYBILLS',
}

export const DEPARTMENT_MANDATES: Readonly<Record<Department, readonly Mandate[]>> = {
  [Department.FIRE_RESCUE]: [Mandate.ENTERPRISES, Mandate.WAREHOUSES, Mandate.STOCK, Mandate.MAJOR_HAZARD],
  [Department.PUBLIC_SECURITY]: [Mandate.ENTERPRISES, Mandate.CONTROLLED_MOVEMENTS, Mandate.COUNTERPARTIES],
  [Department.MARKET_SUPERVISION]: [Mandate.ENTERPRISES, Mandate.PRODUCTS, Mandate.LICENCES],
  [Department.ECOLOGY_ENVIRONMENT]: [Mandate.ENTERPRISES, Mandate.DISPOSAL_MOVEMENTS],
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
