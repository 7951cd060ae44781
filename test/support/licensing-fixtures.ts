import crypto from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { AppendedMovement } from '../../src/ledger/movement-observer';
import { LicenceChecker } from '../../src/licensing/licence-checker';
import { Licence } from '../../src/licensing/licence.entity';
import { LicenceType } from '../../src/licensing/licensing.enums';
import { LicenceLifecycleService } from '../../src/licensing/licence-lifecycle.service';
import { canonicalText, EntryReason, GENESIS_PREV_HASH } from '../../src/proof/canonical-entry';
import { sha256Hex } from '../../src/proof/sha256';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { Product } from '../../src/registry/product.entity';
import { Warehouse } from '../../src/registry/warehouse.entity';
import { Clock } from '../../src/shared/clock';
import { regulator } from './fixtures';

/** Catalogue serials the licensing tests use. */
export const CHLORINE = 1381; // 氯: highly toxic
export const NITRIC_ACID = 2285; // 硝酸: explosive precursor, not highly toxic
export const AMMONIA = 2; // 氨: neither

let numbers = 0;

/** Applies for and issues a licence at the clock's time: the licence as the service returns it. */
export async function issueLicence(
  em: EntityManager,
  clock: Clock,
  holder: string,
  options: { type?: LicenceType; scope?: { chemicalSerial: number; storageAllowed?: boolean }[]; validFrom?: string; validUntil?: string; number?: string } = {},
): Promise<Licence> {
  const service = new LicenceLifecycleService(em.fork(), clock);
  const applied = await service.applyForLicence(regulator, {
    holder,
    type: options.type ?? LicenceType.HAZCHEM_BUSINESS,
    legalRepresentative: '张三',
    issuingAuthority: '浦东新区应急管理局',
    scope: options.scope ?? [{ chemicalSerial: CHLORINE, storageAllowed: true }],
  });
  numbers += 1;
  return new LicenceLifecycleService(em.fork(), clock).issueLicence(regulator, {
    licenceId: applied.id,
    number: options.number ?? `沪浦危化经字〔2026〕${String(numbers).padStart(6, '0')}-${crypto.randomUUID().slice(0, 4)}`,
    validFrom: options.validFrom,
    validUntil: options.validUntil,
  });
}

export interface EntrySpec {
  enterprise: Enterprise;
  warehouse: Warehouse;
  product: Product;
  reason: string;
  direction?: 'IN' | 'OUT';
  counterparty?: string | null;
  occurredAt: Date;
}

const OUT_REASONS = new Set(['SALE', 'TRANSFER_OUT', 'CONSUMPTION', 'DISPOSAL', 'RETURN_OUT', 'EXPORT']);

/**
 * Writes a ledger entry row directly (its canonical text is what its columns
 * say, as the database demands, but it links to no previous entry: these
 * tests exercise the licence checks, not the chain) and runs the licence
 * checker on it in one transaction, as the ledger does.
 */
export async function appendChecked(em: EntityManager, spec: EntrySpec): Promise<AppendedMovement> {
  return em.fork().transactional(async (tx) => {
    const chain = spec.enterprise.creditCode;
    const [{ seq }] = await tx.getConnection().execute<{ seq: number }[]>(
      'select coalesce(max(seq), 0) + 1 as seq from ledger_entry where chain = ?',
      [chain],
      'all',
      tx.getTransactionContext(),
    );
    const direction = spec.direction ?? (OUT_REASONS.has(spec.reason) ? 'OUT' : 'IN');
    const product = await tx.findOneOrFail(Product, { id: spec.product.id }, { populate: ['chemical'] });
    const requestId = crypto.randomUUID();
    const canonical = canonicalText(chain, Number(seq), GENESIS_PREV_HASH, {
      direction,
      reason: spec.reason as EntryReason,
      warehouse: spec.warehouse.code,
      product: product.traceCode,
      batch: 'B1',
      quantity: '1.000',
      unit: product.unit,
      counterparty: spec.counterparty ?? null,
      sourceHash: null,
      inputs: null,
      corrects: null,
      transportDoc: null,
      occurredAt: spec.occurredAt.toISOString(),
      recordedAt: spec.occurredAt.toISOString(),
      requestId,
    });
    const hash = sha256Hex(canonical);
    const id = await tx.insert(LedgerEntry, {
      version: 1,
      chain,
      enterprise: spec.enterprise.id,
      seq: Number(seq),
      prevHash: GENESIS_PREV_HASH,
      hash,
      canonical,
      direction,
      reason: spec.reason,
      warehouse: spec.warehouse.id,
      warehouseCode: spec.warehouse.code,
      product: product.id,
      productCode: product.traceCode,
      batch: 'B1',
      quantity: '1.000',
      unit: product.unit,
      counterpartyCode: spec.counterparty ?? null,
      occurredAt: spec.occurredAt,
      recordedAt: spec.occurredAt,
      requestId,
    } as never);
    const movement: AppendedMovement = {
      entryId: String(id),
      chain,
      seq: Number(seq),
      hash,
      direction,
      reason: spec.reason,
      warehouseCode: spec.warehouse.code,
      productCode: product.traceCode,
      chemicalSerial: product.chemical.serial,
      batch: 'B1',
      quantity: '1.000',
      counterparty: spec.counterparty ?? null,
      occurredAt: spec.occurredAt,
    };
    await new LicenceChecker().afterAppend(tx, [movement]);
    return movement;
  });
}
