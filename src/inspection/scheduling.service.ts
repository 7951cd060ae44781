import { randomInt } from 'node:crypto';
import { FilterQuery, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { areaTown, assertActsAtLevel, assertJurisdiction } from '../access/jurisdiction';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { generateInspectionCode } from '../proof/inspection-code';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel, EnterpriseStatus } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate, yearOf } from '../shared/shanghai-calendar';
import { optionalText } from '../shared/text-input';
import { ChecklistItem } from './checklist-item.entity';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Inspection } from './inspection.entity';
import { InspectionType, PLANNED_TYPES, PlanStatus, TRIGGERED_TYPES, YEARLY_INSPECTION_CAP } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { ScheduleInspectionInput } from './inspection.inputs';
import { checkDate, checkId, checklistInput, departmentsInput, inspectorsInput, RANK } from './inspection-rules';
import { inputField } from '../shared/domain-error';

/** How many inspections an enterprise has in a year, and what a further one would need. */
export interface InspectionCapStatus {
  year: number;
  /** Non-cancelled inspections scheduled in the year, of every type. */
  count: number;
  /** 2 − count, never below 0. */
  remaining: number;
  /** A further inspection needs a justification (it would be the second). */
  justificationRequired: boolean;
  /** A KEY_UNIT inspection is already scheduled or done this year. */
  keyUnitCovered: boolean;
}

export interface KeyUnitCoverageFilter {
  year: number;
  level?: EnforcementLevel | null;
  /** Count only COMPLETED or CLOSED KEY_UNIT inspections as coverage (default: any not cancelled). */
  completedOnly?: boolean | null;
}

/**
 * Scheduling an inspection: the level rule, key-unit coverage and the yearly
 * cap. Plans, the trigger job and regulators all schedule through
 * `proposeInspection`.
 */
export class SchedulingService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    /** Uniform integer in [0, n): the source of inspection codes. */
    private readonly randomBelow: (n: number) => number = randomInt,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** A regulator schedules an inspection; every rule of `proposeInspection` applies. */
  async scheduleInspection(viewer: Viewer, input: ScheduleInspectionInput): Promise<Inspection> {
    assertRegulator(viewer);
    return this.proposeInspection(input, viewer.subject!, viewer);
  }

  /**
   * Creates a PLANNED inspection, enforcing every scheduling rule; for jobs,
   * `actor` is recorded as its author (e.g. `job:triggered-supervision`).
   * Race-safe: an advisory lock per enterprise and year serialises the count.
   * Throws InspectionError: WRONG_ENFORCEMENT_LEVEL, KEY_UNIT_ALREADY_COVERED,
   * JUSTIFICATION_REQUIRED, INSPECTION_CAP_REACHED, PLAN_NOT_EDITABLE,
   * BAD_USER_INPUT, NOT_FOUND, CONFLICT (closed enterprise); FORBIDDEN when the
   * regulator scheduling it (`viewer`; jobs have none) acts outside its jurisdiction.
   */
  async proposeInspection(input: ScheduleInspectionInput, actor: string, viewer?: Viewer): Promise<Inspection> {
    if (!isValidCreditCode(input.enterprise)) throw InspectionError.invalid(inputField('enterprise'), `"${input.enterprise}" is not a valid credit code`);
    if (!Object.values(InspectionType).includes(input.type)) throw InspectionError.invalid(inputField('type'), `"${input.type}" is not an inspection type`);
    const scheduledDate = checkDate(input.scheduledDate, inputField('scheduledDate'));
    if (scheduledDate < this.today()) throw InspectionError.invalid(inputField('scheduledDate'), `${scheduledDate} is in the past (today is ${this.today()} in Shanghai)`);
    const year = yearOf(scheduledDate);
    const departments = await departmentsInput(this.em, input.departments ?? [], inputField('departments'));
    if (input.type === InspectionType.JOINT && departments.length === 0) {
      throw InspectionError.invalid(inputField('departments'), 'A JOINT inspection names at least one department taking part');
    }
    const inspectors = inspectorsInput(input.inspectors ?? [], inputField('inspectors'));
    const checklist = checklistInput(input.checklist ?? [], inputField('checklist'));
    const justification = optionalText(input.justification, inputField('justification'), 2000);
    const trigger = optionalText(input.trigger, inputField('trigger'), 500);
    if (TRIGGERED_TYPES.includes(input.type) && !trigger) {
      throw InspectionError.invalid(inputField('trigger'), `A ${input.type} inspection names what triggered it (alert, complaint or referral)`);
    }
    const planned = PLANNED_TYPES.includes(input.type);
    if (planned && !input.planId) throw InspectionError.invalid(inputField('planId'), `A ${input.type} inspection belongs to an enforcement plan: give planId`);
    const planId = input.planId ? checkId(input.planId, inputField('planId')) : null;

    const enterprise = await this.em.findOne(Enterprise, { creditCode: input.enterprise });
    if (!enterprise) throw InspectionError.enterpriseNotFound(input.enterprise, inputField('enterprise'));
    if (enterprise.status === EnterpriseStatus.CLOSED) throw InspectionError.enterpriseClosed(enterprise.creditCode, inputField('enterprise'));
    const supervisory = input.type === InspectionType.SUPERVISORY;
    const levelOk = supervisory
      ? RANK[input.enforcingLevel] > RANK[enterprise.enforcementLevel]
      : input.enforcingLevel === enterprise.enforcementLevel;
    if (!levelOk) throw InspectionError.wrongLevel(inputField('enforcingLevel'), enterprise.enforcementLevel, input.enforcingLevel, supervisory);
    if (viewer) {
      assertJurisdiction(viewer, enterprise, { supervisory, field: inputField('enterprise') });
      assertActsAtLevel(viewer, input.enforcingLevel, inputField('enforcingLevel'));
    }
    if (input.type === InspectionType.KEY_UNIT && !enterprise.keyUnit) {
      throw InspectionError.invalid(inputField('type'), `Enterprise ${enterprise.creditCode} is not a key unit (重点监管单位): KEY_UNIT does not apply`);
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.em.transactional(async (em) => {
          await this.lockEnterpriseYear(em, enterprise.id, year);
          let plan: EnforcementPlan | null = null;
          if (planId) {
            plan = await em.findOne(EnforcementPlan, { id: planId }, { lockMode: LockMode.PESSIMISTIC_READ });
            if (!plan) throw InspectionError.planNotFound(planId, inputField('planId'));
            if (plan.level !== input.enforcingLevel || plan.year !== year) {
              throw InspectionError.invalid(inputField('planId'), `Plan ${planId} is the ${plan.level} plan for ${plan.year}: it cannot hold a ${input.enforcingLevel} inspection in ${year}`);
            }
            if (plan.status !== PlanStatus.DRAFT) throw InspectionError.planNotEditable(planId, plan.status, inputField('planId'));
            if (plan.town && plan.town !== enterprise.town) throw InspectionError.invalid(inputField('planId'), `Plan ${planId} is the TOWN plan of ${plan.town}: ${enterprise.creditCode} is in ${enterprise.town}`);
          }
          const cap = await this.capStatusIn(em, enterprise.id, year);
          if (input.type === InspectionType.KEY_UNIT && cap.keyUnitCovered) throw InspectionError.keyUnitCovered(enterprise.creditCode, year);
          if (cap.remaining === 0) throw InspectionError.capReached(enterprise.creditCode, year);
          if (cap.justificationRequired && !justification) throw InspectionError.justificationRequired(enterprise.creditCode, year);

          const inspection = em.create(Inspection, {
            code: generateInspectionCode(this.randomBelow),
            enterprise,
            plan,
            type: input.type,
            enforcingLevel: input.enforcingLevel,
            departments,
            inspectors,
            scheduledDate,
            year,
            justification,
            trigger,
            createdBy: actor,
            createdAt: this.clock.now(),
          } as never);
          checklist.forEach((c, i) => em.create(ChecklistItem, { inspection, position: i + 1, item: c.item, basis: c.basis } as never));
          await em.flush();
          return inspection;
        });
      } catch (error) {
        // Two equal random codes: draw again (the only unique key written here).
        if (error instanceof UniqueConstraintViolationException && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** Serialises cap decisions for one enterprise and year until the transaction ends. */
  private async lockEnterpriseYear(em: EntityManager, enterpriseId: string, year: number): Promise<void> {
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`inspection-cap:${enterpriseId}:${year}`]);
  }

  /**
   * Where an enterprise stands against the yearly cap (not locking: for jobs
   * deciding whether to propose; `proposeInspection` re-checks under a lock).
   */
  capStatus(enterpriseId: string, year: number): Promise<InspectionCapStatus> {
    return this.capStatusIn(this.em, enterpriseId, year);
  }

  private async capStatusIn(em: EntityManager, enterpriseId: string, year: number): Promise<InspectionCapStatus> {
    const rows: { type: InspectionType }[] = await em.execute(
      `select type from inspection where enterprise_id = ? and year = ? and status <> 'CANCELLED'`,
      [enterpriseId, year],
    );
    const count = rows.length;
    return {
      year,
      count,
      remaining: Math.max(0, YEARLY_INSPECTION_CAP - count),
      justificationRequired: count >= 1,
      keyUnitCovered: rows.some((r) => r.type === InspectionType.KEY_UNIT),
    };
  }

  /** Key units (not closed) without a KEY_UNIT inspection in the year: what the plan still has to cover. */
  async keyUnitsNotCovered(viewer: Viewer, filter: KeyUnitCoverageFilter, page: PageArgs): Promise<Page<Enterprise>> {
    assertRegulator(viewer);
    return this.uncoveredKeyUnits(filter, page, areaTown(viewer));
  }

  /** As `keyUnitsNotCovered`, without a viewer: for jobs; `town` bounds it to a TOWN regulator's town. */
  async uncoveredKeyUnits(filter: KeyUnitCoverageFilter, page: PageArgs, town?: string): Promise<Page<Enterprise>> {
    if (!Number.isInteger(filter.year)) throw InspectionError.invalid(['year'], 'year must be an integer');
    const statuses = filter.completedOnly ? `('COMPLETED', 'CLOSED')` : `('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED')`;
    const covered: { enterprise_id: string }[] = await this.em.execute(
      `select distinct enterprise_id from inspection where year = ? and type = 'KEY_UNIT' and status in ${statuses}`,
      [filter.year],
    );
    const where: FilterQuery<Enterprise> = { keyUnit: true, status: { $ne: EnterpriseStatus.CLOSED } };
    if (filter.level) where.enforcementLevel = filter.level;
    if (town !== undefined) where.town = town;
    if (covered.length > 0) where.id = { $nin: covered.map((r) => String(r.enterprise_id)) };
    return paginate(this.em, Enterprise, where, page);
  }
}
