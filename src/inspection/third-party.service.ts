import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, assertDeploymentWide, assertInArea } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Clock } from '../shared/clock';
import { CommonCode, inputField } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { optionalText, requiredText } from '../shared/text-input';
import { Finding } from './finding.entity';
import { Inspection } from './inspection.entity';
import { HazardSeverity, InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { checkDate, checkId, inspectionForWrite, requireStatus } from './inspection-rules';
import { ThirdPartyAdvice, ThirdPartyAdviceKind, ThirdPartyAdviceStatus, ThirdPartyOrganisation, ThirdPartyStatus } from './third-party.entity';

export interface RecordThirdPartyAdvice {
  inspectionId: string;
  organisationId: string;
  kind: ThirdPartyAdviceKind;
  description: string;
  basis: string;
  severity: HazardSeverity;
  proposedDeadline?: string | null;
}

/**
 * Third-party service organisations (第三方服务机构): admitted and removed by
 * the bureau; they never inspect alone — their advice is recorded on an
 * inspection the bureau is making (IN_PROGRESS, two officers), by a regulator
 * until third-party accounts exist. RECOMMENDED advice never binds; MANDATORY
 * advice binds only once a regulator confirms it, which makes it a Finding
 * with its rectification deadline.
 */
export class ThirdPartyService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async admit(viewer: Viewer, input: { name: string; creditCode: string; scope: string }): Promise<ThirdPartyOrganisation> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'admitThirdParty');
    if (!isValidCreditCode(input.creditCode)) throw InspectionError.invalid(inputField('creditCode'), `"${input.creditCode}" is not a valid credit code`);
    const fields = { name: requiredText(input.name, inputField('name'), 200), creditCode: input.creditCode, scope: requiredText(input.scope, inputField('scope'), 1000) };
    try {
      return await this.em.transactional(async (em) => {
        const organisation = em.create(ThirdPartyOrganisation, { ...fields, admittedAt: this.clock.now(), admittedBy: viewer.subject! } as never);
        await em.flush();
        return organisation;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict(`Organisation ${input.creditCode} is already on the list`, inputField('creditCode'));
      throw error;
    }
  }

  async remove(viewer: Viewer, id: string, reason: string): Promise<ThirdPartyOrganisation> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'removeThirdParty');
    checkId(id, ['id']);
    const why = requiredText(reason, ['reason'], 1000);
    return this.em.transactional(async (em) => {
      const organisation = await em.findOne(ThirdPartyOrganisation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!organisation) throw new InspectionError(CommonCode.NOT_FOUND, `No third-party organisation ${id}`, ['id']);
      if (organisation.status === ThirdPartyStatus.REMOVED) throw InspectionError.invalidTransition(`Organisation ${id}`, organisation.status, ThirdPartyStatus.REMOVED);
      organisation.status = ThirdPartyStatus.REMOVED;
      organisation.removedAt = this.clock.now();
      organisation.removalReason = why;
      return organisation;
    });
  }

  /** Public: the organisations, oldest admission first, those of one status if given. */
  organisations(filter: { status?: ThirdPartyStatus | null }, page: PageArgs, wants: PageWants): Promise<Page<ThirdPartyOrganisation>> {
    return paginate(this.em, ThirdPartyOrganisation, filter.status ? { status: filter.status } : {}, page, wants);
  }

  /** Advice given while assisting an inspection in progress; MANDATORY needs a basis and a proposed deadline, and waits for confirmation. */
  async recordAdvice(viewer: Viewer, input: RecordThirdPartyAdvice): Promise<ThirdPartyAdvice> {
    const organisationId = checkId(input.organisationId, inputField('organisationId'));
    if (!Object.values(ThirdPartyAdviceKind).includes(input.kind)) throw InspectionError.invalid(inputField('kind'), `"${input.kind}" is not RECOMMENDED or MANDATORY`);
    const mandatory = input.kind === ThirdPartyAdviceKind.MANDATORY;
    let deadline: string | null = null;
    if (mandatory) {
      deadline = checkDate(input.proposedDeadline ?? '', inputField('proposedDeadline'));
      if (deadline < shanghaiDate(this.clock.now())) throw InspectionError.invalid(inputField('proposedDeadline'), `${deadline} is in the past`);
    } else if (input.proposedDeadline) throw InspectionError.invalid(inputField('proposedDeadline'), 'RECOMMENDED advice sets no deadline');
    const fields = {
      kind: input.kind,
      description: requiredText(input.description, inputField('description'), 2000),
      basis: requiredText(input.basis, inputField('basis'), 500),
      severity: input.severity,
      proposedDeadline: deadline,
      status: mandatory ? ThirdPartyAdviceStatus.PENDING_CONFIRMATION : ThirdPartyAdviceStatus.ADVISORY,
    };
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, input.inspectionId, inputField('inspectionId'));
      // Never alone: only on an inspection the bureau has started, with its officers.
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'recording third-party advice', inputField('inspectionId'));
      const organisation = await em.findOne(ThirdPartyOrganisation, { id: organisationId });
      if (!organisation) throw new InspectionError(CommonCode.NOT_FOUND, `No third-party organisation ${organisationId}`, inputField('organisationId'));
      if (organisation.status !== ThirdPartyStatus.ADMITTED) throw InspectionError.forbidden(`Organisation ${organisation.name} was removed on ${organisation.removedAt?.toISOString()}`, inputField('organisationId'));
      return em.create(ThirdPartyAdvice, { ...fields, inspection, organisation, recordedBy: viewer.subject!, recordedAt: this.clock.now() } as never);
    });
  }

  /** A regulator confirms MANDATORY advice (it becomes a finding that binds) or dismisses it, with the reason. */
  async confirm(viewer: Viewer, adviceId: string, confirmed: boolean, reason: string | null): Promise<ThirdPartyAdvice> {
    assertRegulator(viewer);
    checkId(adviceId, ['adviceId']);
    const why = confirmed ? optionalText(reason, ['reason'], 1000) : requiredText(reason, ['reason'], 1000);
    return this.em.transactional(async (em) => {
      const advice = await em.findOne(ThirdPartyAdvice, { id: adviceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!advice) throw new InspectionError(CommonCode.NOT_FOUND, `No third-party advice ${adviceId}`, ['adviceId']);
      const to = confirmed ? ThirdPartyAdviceStatus.CONFIRMED : ThirdPartyAdviceStatus.DISMISSED;
      if (advice.status !== ThirdPartyAdviceStatus.PENDING_CONFIRMATION) throw InspectionError.invalidTransition(`Advice ${adviceId}`, advice.status, to, ['adviceId']);
      const inspection = await inspectionForWrite(em, viewer, advice.inspection.id, ['adviceId']);
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'confirming third-party advice', ['adviceId']);
      const now = this.clock.now();
      if (confirmed) {
        const deadline = advice.proposedDeadline! < shanghaiDate(now) ? shanghaiDate(now) : advice.proposedDeadline!;
        advice.finding = em.create(Finding, {
          inspection,
          description: `${advice.description}（第三方：${advice.organisation.name}；依据：${advice.basis}）`,
          severity: advice.severity,
          rectificationDeadline: deadline,
          originalDeadline: deadline,
          recordedBy: viewer.subject!,
          createdAt: now,
        } as never);
      }
      advice.status = to;
      advice.confirmedBy = viewer.subject;
      advice.confirmedAt = now;
      advice.confirmationReason = why;
      return advice;
    });
  }

  /** The advice on an inspection, oldest first: regulators (a TOWN regulator its town's inspections'). */
  async adviceOf(viewer: Viewer, inspectionId: string, page: PageArgs, wants: PageWants): Promise<Page<ThirdPartyAdvice>> {
    assertRegulator(viewer);
    const id = checkId(inspectionId, ['inspectionId']);
    if (areaTown(viewer) !== undefined) {
      const inspection = await this.em.findOne(Inspection, { id }, { populate: ['enterprise'] });
      if (inspection) assertInArea(viewer, inspection.enterprise, ['inspectionId']);
    }
    return paginate(this.em, ThirdPartyAdvice, { inspection: id }, page, wants);
  }
}
