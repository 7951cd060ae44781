import { EntityManager } from '@mikro-orm/postgresql';
import { Role, Viewer } from '../../src/access/viewer';
import { creditCodeCheckCharacter } from '../../src/proof/credit-code';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { Product } from '../../src/registry/product.entity';
import { EnforcementLevel, IndustryCategory, StorageType, Unit } from '../../src/registry/registry.enums';
import { RegistryService } from '../../src/registry/registry.service';
import { Warehouse } from '../../src/registry/warehouse.entity';

/** A valid unified social credit code, distinct for each n. */
export function creditCode(n: number): string {
  const body = `913101${String(n).padStart(11, '0')}`;
  return body + creditCodeCheckCharacter(body);
}

export const regulator: Viewer = { role: Role.REGULATOR, subject: 'regulator-1' };
export const admin: Viewer = { role: Role.ADMIN, subject: 'admin-1' };
export const anonymous: Viewer = { role: null, subject: null };
export const enterpriseViewer = (code: string): Viewer => ({ role: Role.ENTERPRISE, subject: `user-${code}`, enterprise: code });
/** A partner viewer; api.run gives it its department's mandates from the department table, as a request's authentication does. */
export const partner = (department: string): Viewer => ({ role: Role.PARTNER, subject: `partner-${department}`, department, mandates: [] });

export async function registerEnterprise(em: EntityManager, n: number, overrides: Partial<Parameters<RegistryService['registerEnterprise']>[1]> = {}): Promise<Enterprise> {
  return new RegistryService(em.fork()).registerEnterprise(regulator, {
    creditCode: creditCode(n),
    name: `企业${n}`,
    address: `上海市某区某路${n}号`,
    town: '高桥镇',
    enforcementLevel: EnforcementLevel.DISTRICT,
    industry: IndustryCategory.HAZCHEM_TRADE,
    ...overrides,
  });
}

export async function registerWarehouse(em: EntityManager, enterprise: string, code = 'W1'): Promise<Warehouse> {
  return new RegistryService(em.fork()).registerWarehouse(regulator, {
    enterprise,
    code,
    name: `仓库 ${code}`,
    address: '上海市某区某路1号',
    storageType: StorageType.WAREHOUSE,
    capacityTonnes: '500.000',
  });
}

/** Serial 1381 is 氯 (chlorine), highly toxic, GB 18218 threshold 5 t. */
export async function registerProduct(em: EntityManager, enterprise: string, chemicalSerial = 1381, unit = Unit.KG): Promise<Product> {
  return new RegistryService(em.fork()).registerProduct(regulator, {
    enterprise,
    chemicalSerial,
    tradeName: `产品 ${chemicalSerial}`,
    specification: '≥99.5%',
    packaging: '钢瓶 1 t',
    unit,
  });
}
