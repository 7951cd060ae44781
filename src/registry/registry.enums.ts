import { registerEnumType } from 'type-graphql';

/** Which level of the bureau enforces on an enterprise: one enterprise, one level. */
export enum EnforcementLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  TOWN = 'TOWN',
}

export enum IndustryCategory {
  HAZCHEM_PRODUCTION = 'HAZCHEM_PRODUCTION',
  HAZCHEM_TRADE = 'HAZCHEM_TRADE',
  HAZCHEM_USE = 'HAZCHEM_USE',
  INDUSTRY_AND_TRADE = 'INDUSTRY_AND_TRADE',
  OTHER = 'OTHER',
}

export enum EnterpriseStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}

export enum Unit {
  KG = 'KG',
  T = 'T',
  L = 'L',
  M3 = 'M3',
}

export enum StorageType {
  WAREHOUSE = 'WAREHOUSE',
  TANK_FARM = 'TANK_FARM',
  YARD = 'YARD',
  CYLINDER_STORE = 'CYLINDER_STORE',
  OTHER = 'OTHER',
}

registerEnumType(EnforcementLevel, { name: 'EnforcementLevel', description: 'The enforcing level: city, district or town (street)' });
registerEnumType(IndustryCategory, { name: 'IndustryCategory' });
registerEnumType(EnterpriseStatus, { name: 'EnterpriseStatus' });
registerEnumType(Unit, { name: 'Unit', description: 'Unit of a product: kilogram, tonne, litre, cubic metre' });
registerEnumType(StorageType, { name: 'StorageType' });
