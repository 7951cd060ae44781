import DataLoader from 'dataloader';
import { EntityName } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChecklistItem } from '../inspection/checklist-item.entity';
import { EnforcementPlan } from '../inspection/enforcement-plan.entity';
import { Finding } from '../inspection/finding.entity';
import { InspectionEvaluation } from '../inspection/inspection-evaluation.entity';
import { Inspection } from '../inspection/inspection.entity';
import { PenaltyDecision } from '../inspection/penalty-decision.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { LicenceEvent } from '../licensing/licence-event.entity';
import { LicenceScopeItem } from '../licensing/licence-scope-item.entity';
import { Licence } from '../licensing/licence.entity';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Warehouse } from '../registry/warehouse.entity';
import { majorHazardLoader } from '../supervision/major-hazard-status';

/** One query per relation per request level, whatever the number of parents. */
export function byKeyLoader<T extends object>(em: EntityManager, entity: EntityName<T>, key: keyof T & string) {
  return new DataLoader<string | number, T | undefined>(async (keys) => {
    const rows = await em.find(entity, { [key]: { $in: [...keys] } } as never);
    const found = new Map(rows.map((row) => [String(row[key]), row]));
    return keys.map((k) => found.get(String(k)));
  });
}

/** Children of many parents in one query, grouped by the parent's id. */
export function childrenLoader<T extends object>(em: EntityManager, entity: EntityName<T>, parentKey: keyof T & string) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await em.find(entity, { [parentKey]: { $in: [...parentIds] } } as never, { orderBy: { id: 'asc' } as never });
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) {
      const parent = row[parentKey] as unknown as { id: string };
      groups.get(String(parent.id))?.push(row);
    }
    return parentIds.map((id) => groups.get(id) ?? []);
  });
}

export function createLoaders(em: EntityManager) {
  return {
    enterprise: byKeyLoader(em, Enterprise, 'id'),
    chemical: byKeyLoader(em, Chemical, 'serial'),
    product: byKeyLoader(em, Product, 'id'),
    warehouse: byKeyLoader(em, Warehouse, 'id'),
    warehousesOfEnterprise: childrenLoader(em, Warehouse, 'enterprise'),
    productsOfEnterprise: childrenLoader(em, Product, 'enterprise'),
    enforcementPlan: byKeyLoader(em, EnforcementPlan, 'id'),
    inspectionsOfPlan: childrenLoader(em, Inspection, 'plan'),
    inspectionsOfEnterprise: childrenLoader(em, Inspection, 'enterprise'),
    checklistOfInspection: childrenLoader(em, ChecklistItem, 'inspection'),
    findingsOfInspection: childrenLoader(em, Finding, 'inspection'),
    penaltyOfInspection: childrenLoader(em, PenaltyDecision, 'inspection'),
    evaluationOfInspection: childrenLoader(em, InspectionEvaluation, 'inspection'),
    licence: byKeyLoader(em, Licence, 'id'),
    ledgerEntry: byKeyLoader(em, LedgerEntry, 'id'),
    scopeOfLicence: childrenLoader(em, LicenceScopeItem, 'licence'),
    eventsOfLicence: childrenLoader(em, LicenceEvent, 'licence'),
    majorHazardOfWarehouse: majorHazardLoader(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
