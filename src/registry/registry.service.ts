import { FilterQuery, LockMode, QueryOrder, UniqueConstraintViolationException } from '@mikro-orm/core';
import { containsPattern } from '../db/contains-pattern';
import { rawQuery } from '../db/raw-query';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaWhere, assertCanReadEnterprise, assertCanReadEnterpriseRow, assertRegulator, enterpriseScope, enterpriseWhere } from '../access/policy';
import { assertKeepsRegister } from '../access/jurisdiction';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate, paginateByParent, PageWants } from '../db/paginate';
import { isValidCasNumber } from '../proof/cas-number';
import { isValidCreditCode } from '../proof/credit-code';
import { canonicalDecimal } from '../proof/quantity';
import { formatTraceCode, MAX_PRODUCT_NUMBER, normalizeTraceCode, traceCodeProblem } from '../proof/trace-code';
import { AccessError, FieldPath as Field } from '../shared/domain-error';
import { requiredText } from '../shared/text-input';
import { Page, PageArgs } from '../shared/page';
import { Chemical } from './chemical.entity';
import { Enterprise } from './enterprise.entity';
import { Product } from './product.entity';
import { EnforcementLevel } from './registry.enums';
import { RegistryError } from './registry.errors';
import { RegisterEnterpriseInput, RegisterProductInput, RegisterWarehouseInput, UpdateEnterpriseInput } from './registry.inputs';
import { Warehouse } from './warehouse.entity';
import { assertNamedInArea } from './named-in-area';

export function checkCreditCode(value: string, field: Field): string {
  if (!isValidCreditCode(value)) throw RegistryError.invalidCreditCode(field, value);
  return value;
}

export function checkTraceCode(value: string, field: Field): string {
  const code = normalizeTraceCode(value);
  const problem = traceCodeProblem(code);
  if (problem) throw RegistryError.invalidTraceCode(field, value, problem);
  return code;
}

export interface EnterpriseFilter {
  town?: string | null;
  enforcementLevel?: EnforcementLevel | null;
  search?: string | null;
}

/** Enterprises, the chemical catalogue, products with their traceability codes, warehouses. */
export class RegistryService {
  constructor(private readonly em: EntityManager) {}

  async registerEnterprise(viewer: Viewer, input: RegisterEnterpriseInput): Promise<Enterprise> {
    assertRegulator(viewer);
    const creditCode = checkCreditCode(input.creditCode, ['input', 'creditCode']);
    const town = requiredText(input.town, ['input', 'town'], 100);
    assertKeepsRegister(viewer, { creditCode, enforcementLevel: input.enforcementLevel, town }, { level: ['input', 'enforcementLevel'], town: ['input', 'town'] });
    const enterprise = this.em.create(Enterprise, {
      creditCode,
      name: requiredText(input.name, ['input', 'name']),
      address: requiredText(input.address, ['input', 'address']),
      town,
      enforcementLevel: input.enforcementLevel,
      industry: input.industry,
      keyUnit: input.keyUnit ?? false,
      parent: input.parentCreditCode ? await this.parentOf(input.parentCreditCode, creditCode) : undefined,
    } as never);
    try {
      await this.em.persistAndFlush(enterprise);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw RegistryError.enterpriseExists(creditCode);
      throw error;
    }
    return enterprise;
  }

  async updateEnterprise(viewer: Viewer, input: UpdateEnterpriseInput): Promise<Enterprise> {
    assertRegulator(viewer);
    const enterprise = await this.enterpriseByCode(input.creditCode, ['input', 'creditCode']);
    assertKeepsRegister(viewer, enterprise, { level: ['input', 'creditCode'], town: ['input', 'creditCode'] });
    // Moving it to another level or town is for a regulator that keeps its register there too.
    const town = input.town != null ? requiredText(input.town, ['input', 'town'], 100) : enterprise.town;
    assertKeepsRegister(viewer, { creditCode: enterprise.creditCode, enforcementLevel: input.enforcementLevel ?? enterprise.enforcementLevel, town }, { level: ['input', 'enforcementLevel'], town: ['input', 'town'] });
    if (input.name != null) enterprise.name = requiredText(input.name, ['input', 'name']);
    if (input.address != null) enterprise.address = requiredText(input.address, ['input', 'address']);
    enterprise.town = town;
    if (input.enforcementLevel != null) enterprise.enforcementLevel = input.enforcementLevel;
    if (input.industry != null) enterprise.industry = input.industry;
    if (input.status != null) enterprise.status = input.status;
    if (input.keyUnit != null) enterprise.keyUnit = input.keyUnit;
    if (input.parentCreditCode !== undefined) {
      enterprise.parent = input.parentCreditCode ? await this.parentOf(input.parentCreditCode, enterprise.creditCode) : undefined;
    }
    await this.em.flush();
    return enterprise;
  }

  private async parentOf(parentCode: string, childCode: string): Promise<Enterprise> {
    const field = ['input', 'parentCreditCode'];
    checkCreditCode(parentCode, field);
    if (parentCode === childCode) throw RegistryError.invalid(field, 'An enterprise cannot be its own group enterprise');
    const parent = await this.enterpriseByCode(parentCode, field);
    // No cycles in the group tree: the child must not be among the parent's ancestors.
    const ancestors = await rawQuery<{ credit_code: string }>(this.em,
      `with recursive up as (
         select id, parent_id, credit_code from enterprise where id = ?
         union all
         select e.id, e.parent_id, e.credit_code from enterprise e join up on e.id = up.parent_id
       ) select credit_code from up`,
      [parent.id],
    );
    if (ancestors.some((a) => a.credit_code === childCode)) {
      throw RegistryError.invalid(field, 'That group enterprise belongs to this one');
    }
    return parent;
  }

  async enterpriseByCode(creditCode: string, field: Field = ['creditCode']): Promise<Enterprise> {
    checkCreditCode(creditCode, field);
    const enterprise = await this.em.findOne(Enterprise, { creditCode });
    if (!enterprise) throw RegistryError.enterpriseNotFound(creditCode, field);
    return enterprise;
  }

  async enterprise(viewer: Viewer, creditCode: string): Promise<Enterprise> {
    checkCreditCode(creditCode, ['creditCode']);
    assertCanReadEnterprise(viewer, creditCode);
    const enterprise = await this.enterpriseByCode(creditCode);
    assertCanReadEnterpriseRow(viewer, enterprise, ['creditCode']);
    return enterprise;
  }

  async enterprises(viewer: Viewer, filter: EnterpriseFilter, page: PageArgs, wants: PageWants = {}): Promise<Page<Enterprise>> {
    return paginate(this.em, Enterprise, this.enterprisesWhere(viewer, filter), page, wants);
  }

  /** The enterprises `viewer` may list under `filter`: an enterprise token itself, a TOWN regulator its town's, others all. */
  enterprisesWhere(viewer: Viewer, filter: EnterpriseFilter): FilterQuery<Enterprise> {
    const own = enterpriseScope(viewer);
    const where: Record<string, unknown> = { ...areaWhere(viewer) };
    if (own) where.creditCode = own;
    if (filter.town) where.town = where.town && where.town !== filter.town ? { $in: [] } : filter.town;
    if (filter.enforcementLevel) where.enforcementLevel = filter.enforcementLevel;
    if (filter.search) {
      const like = containsPattern(filter.search);
      where.$or = [{ name: { $ilike: like } }, { creditCode: { $ilike: like } }];
    }
    return where as FilterQuery<Enterprise>;
  }

  async registerWarehouse(viewer: Viewer, input: RegisterWarehouseInput): Promise<Warehouse> {
    const enterprise = await this.writableEnterprise(viewer, input.enterprise);
    const capacity = canonicalDecimal(input.capacityTonnes ?? '');
    if (capacity === null || capacity.length > 15) {
      throw RegistryError.invalid(['input', 'capacityTonnes'], 'capacityTonnes must be a non-negative decimal with at most 3 fractional digits');
    }
    const code = requiredText(input.code, ['input', 'code'], 64);
    const warehouse = this.em.create(Warehouse, {
      enterprise,
      code,
      name: requiredText(input.name, ['input', 'name']),
      address: requiredText(input.address, ['input', 'address']),
      storageType: input.storageType,
      capacityTonnes: capacity,
    } as never);
    try {
      await this.em.persistAndFlush(warehouse);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw RegistryError.warehouseExists(code);
      throw error;
    }
    return warehouse;
  }

  /** The warehouses of many enterprises (Enterprise.warehouses under a list): one statement. */
  warehousesOf(enterpriseIds: readonly string[], page: PageArgs, wants: PageWants): Promise<Map<string, Page<Warehouse>>> {
    return paginateByParent(this.em, Warehouse, 'enterprise', enterpriseIds, {}, page, wants);
  }

  /** The products of many enterprises (Enterprise.products under a list): one statement. */
  productsOf(enterpriseIds: readonly string[], page: PageArgs, wants: PageWants): Promise<Map<string, Page<Product>>> {
    return paginateByParent(this.em, Product, 'enterprise', enterpriseIds, {}, page, wants);
  }

  /** An enterprise's warehouses; `search` is part of a code or name, as a picker's typing gives it. */
  async warehouses(viewer: Viewer, creditCode: string, search: string | null | undefined, page: PageArgs): Promise<Page<Warehouse>> {
    checkCreditCode(creditCode, ['enterprise']);
    assertCanReadEnterprise(viewer, creditCode);
    await assertNamedInArea(this.em, viewer, creditCode, ['enterprise']);
    const like = search?.trim() && containsPattern(search.trim());
    return paginate(this.em, Warehouse, { enterprise: { creditCode }, ...(like && { $or: [{ code: { $ilike: like } }, { name: { $ilike: like } }] }) }, page);
  }

  /** Registers a product and assigns its traceability code; the product number is never reused. */
  async registerProduct(viewer: Viewer, input: RegisterProductInput): Promise<Product> {
    const creditCode = (await this.writableEnterprise(viewer, input.enterprise)).creditCode;
    const chemical = await this.chemicalOf(input);
    const fields = {
      tradeName: requiredText(input.tradeName, ['input', 'tradeName']),
      specification: requiredText(input.specification, ['input', 'specification']),
      packaging: requiredText(input.packaging, ['input', 'packaging']),
    };
    return this.em.transactional(async (em) => {
      const enterprise = await em.findOneOrFail(Enterprise, { creditCode }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (enterprise.lastProductNumber >= MAX_PRODUCT_NUMBER) throw RegistryError.productNumbersExhausted(creditCode);
      enterprise.lastProductNumber += 1;
      const product = em.create(Product, {
        enterprise,
        chemical,
        productNumber: enterprise.lastProductNumber,
        traceCode: formatTraceCode(creditCode, enterprise.lastProductNumber),
        unit: input.unit,
        ...fields,
      } as never);
      em.persist(product);
      return product;
    });
  }

  private async chemicalOf(input: RegisterProductInput): Promise<Chemical> {
    const bySerial = input.chemicalSerial != null;
    const byCas = input.casNumber != null && input.casNumber !== '';
    if (bySerial === byCas) {
      throw RegistryError.invalid(['input', 'chemicalSerial'], 'Give exactly one of chemicalSerial and casNumber');
    }
    if (bySerial) {
      const chemical = await this.em.findOne(Chemical, { serial: input.chemicalSerial! });
      if (!chemical) throw RegistryError.chemicalNotFound(['input', 'chemicalSerial'], `with serial ${input.chemicalSerial}`);
      return chemical;
    }
    const cas = input.casNumber!;
    if (!isValidCasNumber(cas)) throw RegistryError.invalidCasNumber(['input', 'casNumber'], cas);
    const matches = await this.em.find(Chemical, { casNumbers: { $contains: [cas] } }, { orderBy: { serial: QueryOrder.ASC } });
    if (matches.length === 0) throw RegistryError.chemicalNotFound(['input', 'casNumber'], `with CAS ${cas}`);
    if (matches.length > 1) {
      throw RegistryError.invalid(
        ['input', 'casNumber'],
        `CAS ${cas} names several catalogue entries (${matches.map((c) => c.serial).join(', ')}): give chemicalSerial`,
      );
    }
    return matches[0];
  }

  /** Regulators write the enterprises whose register they keep; an enterprise token only its own. */
  private async writableEnterprise(viewer: Viewer, creditCode: string): Promise<Enterprise> {
    checkCreditCode(creditCode, ['input', 'enterprise']);
    if (viewer.role === null) throw AccessError.unauthenticated();
    const own = viewer.role === Role.ENTERPRISE && viewer.enterprise === creditCode;
    if (!isRegulator(viewer) && !own) throw AccessError.forbidden(`This token may not write enterprise ${creditCode}`, ['input', 'enterprise']);
    const enterprise = await this.enterpriseByCode(creditCode, ['input', 'enterprise']);
    assertKeepsRegister(viewer, enterprise, { level: ['input', 'enterprise'], town: ['input', 'enterprise'] });
    return enterprise;
  }

  /** Products; `search` is part of a traceability code or trade name, as a picker's typing gives it. */
  async products(viewer: Viewer, creditCode: string | null | undefined, search: string | null | undefined, page: PageArgs): Promise<Page<Product>> {
    if (creditCode) checkCreditCode(creditCode, ['enterprise']);
    const enterprise = enterpriseWhere(viewer, creditCode);
    const like = search?.trim() && containsPattern(search.trim());
    return paginate(this.em, Product, { ...(enterprise && { enterprise }), ...(like && { $or: [{ traceCode: { $ilike: like } }, { tradeName: { $ilike: like } }] }) }, page);
  }

  /** Public: anyone holding the code (or its QR) may look the product up. */
  async productByCode(code: string, field: Field = ['code']): Promise<Product> {
    const traceCode = checkTraceCode(code, field);
    const product = await this.em.findOne(Product, { traceCode }, { populate: ['enterprise', 'chemical'] });
    if (!product) throw RegistryError.productNotFound(traceCode, field);
    return product;
  }

  async chemicals(search: string | null | undefined, page: PageArgs): Promise<Page<Chemical>> {
    const term = (search ?? '').trim();
    let where = {};
    if (term) {
      const like = containsPattern(term);
      // Aliases and variants are arrays: match their joined text. The catalogue is small.
      const rows = await rawQuery<{ serial: number }>(this.em,
        `select serial from chemical
          where name ilike ? or array_to_string(aliases || variants, ' ') ilike ? or ? = any(cas_numbers)`,
        [like, like, term],
      );
      where = { serial: { $in: rows.map((r) => r.serial) } };
    }
    return paginate(this.em, Chemical, where, page, { key: 'serial' });
  }

  async chemical(serial: number): Promise<Chemical> {
    const chemical = await this.em.findOne(Chemical, { serial });
    if (!chemical) throw RegistryError.chemicalNotFound(['serial'], `with serial ${serial}`);
    return chemical;
  }
}
