import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, assertInArea, assertKeepsRegister } from '../access/jurisdiction';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { batchCodeProblem, formatBatchCode, isCodableBatchNumber, normalizeBatchCode } from '../proof/batch-code';
import { canonicalDecimal } from '../proof/quantity';
import { AccessError, FieldPath as Field } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { Batch } from './batch.entity';
import { Product } from './product.entity';
import { RegistryError } from './registry.errors';
import { RegisterBatchInput } from './registry.inputs';
import { checkTraceCode } from './registry.service';

/** A batch code as typed or scanned, normalised and checked before any look-up. */
export function checkBatchCode(value: string, field: Field): string {
  const code = normalizeBatchCode(value);
  const problem = batchCodeProblem(code);
  if (problem) throw RegistryError.invalidBatchCode(field, value, problem);
  return code;
}

/** Batches and their codes: registered ahead, listed, looked up by code or by product and batch number. */
export class BatchService {
  constructor(private readonly em: EntityManager) {}

  /** Codes a batch before its first ledger entry; the product's enterprise or a regulator. */
  async registerBatch(viewer: Viewer, input: RegisterBatchInput): Promise<Batch> {
    const traceCode = checkTraceCode(input.product, ['input', 'product']);
    if (!isCodableBatchNumber(input.batch)) throw RegistryError.batchNumberNotCodable(['input', 'batch'], input.batch);
    const plannedQuantity = input.plannedQuantity == null ? null : canonicalDecimal(input.plannedQuantity);
    if (plannedQuantity === null && input.plannedQuantity != null) {
      throw RegistryError.invalid(['input', 'plannedQuantity'], 'plannedQuantity must be a non-negative decimal with at most 3 fractional digits');
    }
    for (const later of ['expiryDate', 'retestDate'] as const) {
      if (input.productionDate && input[later] && input[later]! < input.productionDate) {
        throw RegistryError.invalid(['input', later], `${later} is before productionDate`);
      }
    }
    if (viewer.role === null) throw AccessError.unauthenticated();
    const product = await this.em.findOne(Product, { traceCode }, { populate: ['enterprise'] });
    if (!product) throw RegistryError.productNotFound(traceCode, ['input', 'product']);
    const owner = product.enterprise.creditCode;
    if (!isRegulator(viewer) && !(viewer.role === Role.ENTERPRISE && viewer.enterprise === owner)) {
      throw AccessError.forbidden(`Only enterprise ${owner}, whose product it is, or a regulator codes its batches`, ['input', 'product']);
    }
    assertKeepsRegister(viewer, product.enterprise, { level: ['input', 'product'], town: ['input', 'product'] });
    const code = formatBatchCode(traceCode, input.batch);
    const batch = this.em.create(Batch, {
      code,
      product,
      productCode: traceCode,
      batchNumber: input.batch,
      origin: product.enterprise,
      originCode: owner,
      productionDate: input.productionDate ?? null,
      expiryDate: input.expiryDate ?? null,
      retestDate: input.retestDate ?? null,
      plannedQuantity,
    } as never);
    try {
      await this.em.persistAndFlush(batch);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw RegistryError.batchExists(code);
      throw error;
    }
    return batch;
  }

  /** A product's batches: regulators any product's, an enterprise those of its products or that entered with it. */
  async batches(viewer: Viewer, product: string, page: PageArgs): Promise<Page<Batch>> {
    const traceCode = checkTraceCode(product, ['product']);
    if (viewer.role === null) throw AccessError.unauthenticated();
    const where: Record<string, unknown> = { productCode: traceCode };
    if (viewer.role === Role.ENTERPRISE) where.$or = [{ originCode: viewer.enterprise }, { product: { enterprise: { creditCode: viewer.enterprise } } }];
    else if (!isRegulator(viewer)) throw AccessError.forbidden('Batches are read by regulators and the enterprises that coded them');
    else if (areaTown(viewer) !== undefined) {
      // A TOWN regulator reads its town's products' batches.
      const made = await this.em.findOne(Product, { traceCode }, { populate: ['enterprise'] });
      if (made) assertInArea(viewer, made.enterprise, ['product']);
    }
    return paginate(this.em, Batch, where, page);
  }

  /** Public: a batch by its code, with its product, chemical and producer. */
  async batchByCode(value: string, field: Field = ['code']): Promise<Batch> {
    const code = checkBatchCode(value, field);
    const batch = await this.em.findOne(Batch, { code }, { populate: ['product.chemical', 'product.enterprise', 'origin'] });
    if (!batch) throw RegistryError.batchNotFound(code, field);
    return batch;
  }

  /** Public: a batch by its product and batch number, as the GS1 Digital Link path names it. */
  async batchOf(traceCodeValue: string, batchNumber: string): Promise<Batch> {
    const traceCode = checkTraceCode(traceCodeValue, ['product']);
    if (!isCodableBatchNumber(batchNumber)) throw RegistryError.batchNumberNotCodable(['batch'], batchNumber);
    return this.batchByCode(formatBatchCode(traceCode, batchNumber), ['batch']);
  }
}
