import { EntityManager } from '@mikro-orm/postgresql';
import { assertJurisdiction } from '../access/jurisdiction';
import { assertRegulator, requireEnterprise } from '../access/policy';
import { Viewer } from '../access/viewer';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock } from '../shared/clock';
import { AccessError, CommonCode, inputField } from '../shared/domain-error';
import { addDays, shanghaiDate } from '../shared/shanghai-calendar';
import { optionalText, requiredText } from '../shared/text-input';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistTemplate } from './checklist-template.entity';
import { ComplianceGuideItem } from './compliance-guide.entity';
import { ChecklistResult, InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { checkDate, checkId, inspectionForWrite, requireStatus } from './inspection-rules';
import { yuan } from './penalty-procedure.service';
import { CheckSource, InsurancePolicy, ItemCheck } from './self-check.entity';

/** A self-check or an insurer's check is recognised by an inspection within this many days of it. */
export const RECOGNITION_DAYS = 90;

/** The last day an inspection recognises a check instead of checking the item again: none for a check that found a problem. */
export function recognisedUntil(check: Pick<ItemCheck, 'result' | 'checkedOn'>): string | null {
  return check.result === ChecklistResult.COMPLIANT ? addDays(check.checkedOn, RECOGNITION_DAYS) : null;
}

export interface ItemCheckInput {
  templateId: string;
  result: ChecklistResult;
  checkedOn: string;
  note?: string | null;
}

/**
 * Self-checks (企业自查) and insurers' checks (保险机构安全检查) against the
 * item library, and their recognition: an inspection's item drafted from a
 * template is recorded COMPLIANT from a compliant check of the same template
 * at the same enterprise within RECOGNITION_DAYS, instead of being checked
 * again. An insurer's check counts only under a policy in force that day.
 */
export class SelfCheckService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  private async check(input: ItemCheckInput): Promise<{ template: ChecklistTemplate; checkedOn: string; note: string | null }> {
    const checkedOn = checkDate(input.checkedOn, inputField('checkedOn'));
    if (checkedOn > this.today()) throw InspectionError.invalid(inputField('checkedOn'), `${checkedOn} is in the future`);
    if (!Object.values(ChecklistResult).includes(input.result)) throw InspectionError.invalid(inputField('result'), `"${input.result}" is not a result`);
    const template = await this.em.findOne(ChecklistTemplate, { id: checkId(input.templateId, inputField('templateId')) });
    if (!template) throw new InspectionError(CommonCode.NOT_FOUND, `No checklist template ${input.templateId}`, inputField('templateId'));
    return { template, checkedOn, note: optionalText(input.note, inputField('note'), 1000) };
  }

  /** The enterprise itself (its ENTERPRISE token) fills in an item of its self-check list: an item of a compliance guide in force for its industry. */
  async submitSelfCheck(viewer: Viewer, input: ItemCheckInput): Promise<ItemCheck> {
    const own = requireEnterprise(viewer);
    const { template, checkedOn, note } = await this.check(input);
    const enterprise = await this.em.findOneOrFail(Enterprise, { creditCode: own });
    if (template.industry !== enterprise.industry) throw InspectionError.invalid(inputField('templateId'), `Template ${template.id} is for ${template.industry}, not ${enterprise.industry}`);
    if ((await this.em.count(ComplianceGuideItem, { template, guide: { industry: enterprise.industry, withdrawnAt: null } })) === 0) {
      throw InspectionError.invalid(inputField('templateId'), `Template ${template.id} is on no compliance guide in force for ${enterprise.industry}: the self-check list is the published guides' items`);
    }
    const row = this.em.create(ItemCheck, { enterprise, template, source: CheckSource.SELF_CHECK, result: input.result, checkedOn, note, recordedBy: viewer.subject!, recordedAt: this.clock.now() } as never);
    await this.em.flush();
    return row;
  }

  /** A regulator records an enterprise's policy. */
  async recordPolicy(viewer: Viewer, input: { enterprise: string; insurer: string; policyNumber: string; validFrom: string; validUntil: string; coverYuan: string }): Promise<InsurancePolicy> {
    assertRegulator(viewer);
    const validFrom = checkDate(input.validFrom, inputField('validFrom'));
    const validUntil = checkDate(input.validUntil, inputField('validUntil'));
    if (validUntil < validFrom) throw InspectionError.invalid(inputField('validUntil'), 'validUntil is before validFrom');
    const enterprise = await this.em.findOne(Enterprise, { creditCode: input.enterprise });
    if (!enterprise) throw InspectionError.enterpriseNotFound(input.enterprise, inputField('enterprise'));
    assertJurisdiction(viewer, enterprise, { field: inputField('enterprise') });
    const policy = this.em.create(InsurancePolicy, {
      enterprise,
      insurer: requiredText(input.insurer, inputField('insurer'), 200),
      policyNumber: requiredText(input.policyNumber, inputField('policyNumber'), 100),
      validFrom,
      validUntil,
      coverYuan: yuan(input.coverYuan, inputField('coverYuan')),
      recordedBy: viewer.subject!,
    } as never);
    await this.em.flush();
    return policy;
  }

  /** A regulator records an insurer's check under a policy, which must be in force on the day of the check. */
  async recordInsurerCheck(viewer: Viewer, policyId: string, input: ItemCheckInput): Promise<ItemCheck> {
    assertRegulator(viewer);
    const policy = await this.em.findOne(InsurancePolicy, { id: checkId(policyId, ['policyId']) }, { populate: ['enterprise'] });
    if (!policy) throw new InspectionError(CommonCode.NOT_FOUND, `No insurance policy ${policyId}`, ['policyId']);
    assertJurisdiction(viewer, policy.enterprise, { field: ['policyId'] });
    const { template, checkedOn, note } = await this.check(input);
    if (checkedOn < policy.validFrom || checkedOn > policy.validUntil) {
      throw InspectionError.invalid(inputField('checkedOn'), `Policy ${policy.policyNumber} is in force from ${policy.validFrom} to ${policy.validUntil}, not on ${checkedOn}`);
    }
    const row = this.em.create(ItemCheck, { enterprise: policy.enterprise, template, source: CheckSource.INSURER_CHECK, policy, result: input.result, checkedOn, note, recordedBy: viewer.subject!, recordedAt: this.clock.now() } as never);
    await this.em.flush();
    return row;
  }

  /** Records, on an inspection IN_PROGRESS, every unrecorded template item that a compliant check within RECOGNITION_DAYS covers; returns them. */
  async recognize(viewer: Viewer, inspectionId: string): Promise<ChecklistItem[]> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, inspectionId, ['inspectionId']);
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'recognising checks', ['inspectionId']);
      const items = await em.find(ChecklistItem, { inspection, result: null, template: { $ne: null } }, { orderBy: { position: 'asc' } });
      if (items.length === 0) return [];
      const since = addDays(this.today(), -RECOGNITION_DAYS); // recognisedUntil(check) >= today
      const checks = await em.find(
        ItemCheck,
        { enterprise: inspection.enterprise, template: { $in: items.map((i) => i.template!.id) }, result: ChecklistResult.COMPLIANT, checkedOn: { $gte: since } },
        { orderBy: { checkedOn: 'desc' } },
      );
      const recognised: ChecklistItem[] = [];
      for (const item of items) {
        const check = checks.find((c) => c.template.id === item.template!.id);
        if (!check) continue;
        item.result = ChecklistResult.COMPLIANT;
        item.note = `认可${check.source === CheckSource.SELF_CHECK ? '企业自查' : '保险机构检查'}（${check.checkedOn}，记录 ${check.id}）`;
        item.recordedAt = this.clock.now();
        item.recordedBy = viewer.subject;
        recognised.push(item);
      }
      return recognised;
    });
  }
}
