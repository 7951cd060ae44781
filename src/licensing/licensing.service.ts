import { FilterQuery, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertDeploymentWide, assertJurisdiction } from '../access/jurisdiction';
import { assertCanReadEnterpriseRow, assertRegulator, enterpriseWhere } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate, paginateByParent, PageWants } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { AccessError } from '../shared/domain-error';
import { Clock } from '../shared/clock';
import { requiredText } from '../shared/text-input';
import { Page, PageArgs } from '../shared/page';
import { CalendarDay } from './calendar-day.entity';
import { LicenceEvent } from './licence-event.entity';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { licenceStatus } from './licence-status';
import { TRANSITIONS } from './licence-transitions';
import { Licence } from './licence.entity';
import { LicenceEventType, LicenceState, LicenceStatus, LicenceType } from './licensing.enums';
import { LicensingError } from './licensing.errors';
import {
  AddLicenceScopeInput,
  ApplyForLicenceInput,
  CalendarDayInput,
  ChangeLicenceInput,
  IssueLicenceInput,
  LicenceActionInput,
  LicenceFilter,
  LicenceScopeItemInput,
} from './licensing.inputs';
import { isCalendarDate, shanghaiDate, shanghaiMonth, startOfShanghaiDate, addDays, validityEnd } from '../shared/shanghai-calendar';
import { COMMITTED_REDUCTION, DEFAULT_VALIDITY_YEARS, STATUTORY_WORKING_DAYS } from './statutory-limits';
import { workingDaysBetween } from './working-days';

type Field = ReadonlyArray<string | number>;


function checkId(id: string, field: Field): string {
  if (!/^\d{1,18}$/.test(id)) throw LicensingError.invalid(field, `"${id}" is not an id`);
  return id;
}

function checkDate(value: string, field: Field): string {
  if (!isCalendarDate(value)) throw LicensingError.invalid(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

/** One row of the processing-time report: decisions of one licence type in one month. */
export interface ProcessingTimeRow {
  type: LicenceType;
  month: string;
  decided: number;
  averageWorkingDays: number;
  maxWorkingDays: number;
  statutoryWorkingDays: number;
  /** 1 − average / statutory: 0.6 is the committed 60 % reduction. */
  averageReduction: number;
  meetsCommitment: boolean;
}

/** Licences and their lifecycle: application, decision, changes; processing times. */
export class LicensingService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** An enterprise applies for itself, or a regulator records an application received on paper. */
  async applyForLicence(viewer: Viewer, input: ApplyForLicenceInput): Promise<Licence> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    const own = viewer.role === Role.ENTERPRISE && viewer.enterprise === input.holder;
    if (!isRegulator(viewer) && !own) throw AccessError.forbidden(`This token may not apply for enterprise ${input.holder}`, ['input', 'holder']);
    if (!isValidCreditCode(input.holder)) throw LicensingError.invalid(['input', 'holder'], `"${input.holder}" is not a valid credit code`);
    const holder = await this.em.findOne(Enterprise, { creditCode: input.holder });
    if (!holder) throw LicensingError.enterpriseNotFound(input.holder, ['input', 'holder']);
    assertJurisdiction(viewer, holder, { field: ['input', 'holder'] });
    const legalRepresentative = requiredText(input.legalRepresentative, ['input', 'legalRepresentative'], 100);
    const issuingAuthority = requiredText(input.issuingAuthority, ['input', 'issuingAuthority']);
    const holderName = input.holderName != null ? requiredText(input.holderName, ['input', 'holderName']) : holder.name;
    const address = input.address != null ? requiredText(input.address, ['input', 'address']) : holder.address;
    if (input.scope.length === 0) throw LicensingError.invalid(['input', 'scope'], 'A licence scope names at least one chemical');
    const chemicals = await this.scopeChemicals(input.scope, ['input', 'scope']);
    const now = this.clock.now();
    return this.em.transactional(async (em) => {
      const licence = em.create(Licence, {
        type: input.type,
        holder,
        holderName,
        address,
        legalRepresentative,
        issuingAuthority,
        state: LicenceState.PENDING,
        appliedAt: now,
        reissueCount: 0,
      } as never);
      input.scope.forEach((item, i) =>
        em.create(LicenceScopeItem, { licence, chemical: chemicals[i], storageAllowed: item.storageAllowed ?? false, addedAt: now } as never),
      );
      em.create(LicenceEvent, {
        licence,
        type: LicenceEventType.APPLIED,
        occurredAt: now,
        stateAfter: LicenceState.PENDING,
        actor: viewer.subject,
        details: { scope: input.scope.map((s) => ({ chemicalSerial: s.chemicalSerial, storageAllowed: s.storageAllowed ?? false })) },
      } as never);
      return licence;
    });
  }

  async issueLicence(viewer: Viewer, input: IssueLicenceInput): Promise<Licence> {
    const number = requiredText(input.number, ['input', 'number'], 64);
    try {
      return await this.step(viewer, input.licenceId, LicenceEventType.ISSUED, null, async (licence, em, now) => {
        const validFrom = input.validFrom ? checkDate(input.validFrom, ['input', 'validFrom']) : shanghaiDate(now);
        const validUntil = input.validUntil ? checkDate(input.validUntil, ['input', 'validUntil']) : validityEnd(validFrom, DEFAULT_VALIDITY_YEARS);
        if (validUntil < validFrom) throw LicensingError.invalid(['input', 'validUntil'], 'validUntil must not be before validFrom');
        if (await em.count(Licence, { number })) throw LicensingError.numberTaken(number);
        Object.assign(licence, { number, validFrom, validUntil, decidedAt: now });
        return { number, validFrom, validUntil };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw LicensingError.numberTaken(number);
      throw error;
    }
  }

  refuseLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    const reason = requiredText(input.reason, ['input', 'reason']);
    return this.step(viewer, input.licenceId, LicenceEventType.REFUSED, reason, async (licence, _em, now) => {
      licence.decidedAt = now;
      return {};
    });
  }

  /** 变更: name, address, legal representative, in one call; the event keeps before and after. */
  changeLicence(viewer: Viewer, input: ChangeLicenceInput): Promise<Licence> {
    const changes: Partial<Pick<Licence, 'holderName' | 'address' | 'legalRepresentative'>> = {};
    if (input.holderName != null) changes.holderName = requiredText(input.holderName, ['input', 'holderName']);
    if (input.address != null) changes.address = requiredText(input.address, ['input', 'address']);
    if (input.legalRepresentative != null) changes.legalRepresentative = requiredText(input.legalRepresentative, ['input', 'legalRepresentative'], 100);
    if (Object.keys(changes).length === 0) throw LicensingError.invalid(['input'], 'Give at least one of holderName, address, legalRepresentative');
    return this.step(viewer, input.licenceId, LicenceEventType.CHANGED, input.reason ?? null, async (licence) => {
      const before: Record<string, string> = {};
      for (const key of Object.keys(changes) as (keyof typeof changes)[]) before[key] = licence[key];
      Object.assign(licence, changes);
      return { before, after: changes };
    });
  }

  /** 新增品名: the new chemicals are in scope from now on, never before. */
  async addLicenceScope(viewer: Viewer, input: AddLicenceScopeInput): Promise<Licence> {
    if (input.items.length === 0) throw LicensingError.invalid(['input', 'items'], 'Name at least one chemical');
    const chemicals = await this.scopeChemicals(input.items, ['input', 'items']);
    return this.step(viewer, input.licenceId, LicenceEventType.SCOPE_ADDED, input.reason ?? null, async (licence, em, now) => {
      const existing = await em.find(LicenceScopeItem, { licence, chemical: { serial: { $in: chemicals.map((c) => c.serial) } } });
      if (existing.length > 0) {
        const serial = existing[0].chemical.serial;
        throw LicensingError.alreadyInScope(serial, ['input', 'items', input.items.findIndex((i) => i.chemicalSerial === serial), 'chemicalSerial']);
      }
      input.items.forEach((item, i) =>
        em.create(LicenceScopeItem, { licence, chemical: chemicals[i], storageAllowed: item.storageAllowed ?? false, addedAt: now } as never),
      );
      return { added: input.items.map((s) => ({ chemicalSerial: s.chemicalSerial, storageAllowed: s.storageAllowed ?? false })) };
    });
  }

  /** 补办: a replacement certificate, same number and validity. */
  reissueLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    return this.step(viewer, input.licenceId, LicenceEventType.REISSUED, input.reason ?? null, async (licence) => {
      licence.reissueCount += 1;
      return { certificate: licence.reissueCount + 1 };
    });
  }

  suspendLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    const reason = requiredText(input.reason, ['input', 'reason']);
    return this.step(viewer, input.licenceId, LicenceEventType.SUSPENDED, reason, async () => ({}));
  }

  reinstateLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    return this.step(viewer, input.licenceId, LicenceEventType.REINSTATED, input.reason ?? null, async () => ({}));
  }

  revokeLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    const reason = requiredText(input.reason, ['input', 'reason']);
    return this.step(viewer, input.licenceId, LicenceEventType.REVOKED, reason, async () => ({}));
  }

  /** 注销, in one call; an expired licence may be cancelled too. */
  cancelLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    return this.step(viewer, input.licenceId, LicenceEventType.CANCELLED, input.reason ?? null, async () => ({}));
  }

  /**
   * One lifecycle step under a row lock: checks the transition table against
   * the status now, applies the change, records the event, all or nothing.
   */
  private async step(
    viewer: Viewer,
    licenceId: string,
    type: Exclude<LicenceEventType, LicenceEventType.APPLIED>,
    reason: string | null,
    apply: (licence: Licence, em: EntityManager, now: Date) => Promise<Record<string, unknown>>,
  ): Promise<Licence> {
    assertRegulator(viewer);
    const id = checkId(licenceId, ['input', 'licenceId']);
    return this.em.transactional(async (em) => {
      const licence = await em.findOne(Licence, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!licence) throw LicensingError.licenceNotFound(id, ['input', 'licenceId']);
      assertJurisdiction(viewer, await em.findOneOrFail(Enterprise, { id: licence.holder.id }), { field: ['input', 'licenceId'] });
      const now = this.clock.now();
      const transition = TRANSITIONS[type];
      const status = licenceStatus(licence.state, licence.validFrom, licence.validUntil, now);
      if (!transition.from.includes(licence.state) || (status === LicenceStatus.EXPIRED && !transition.whenExpired)) {
        throw LicensingError.transition(type, status);
      }
      const details = await apply(licence, em, now);
      if (transition.to) licence.state = transition.to;
      em.create(LicenceEvent, { licence, type, occurredAt: now, stateAfter: licence.state, actor: viewer.subject, reason, details } as never);
      return licence;
    });
  }

  private async scopeChemicals(items: readonly LicenceScopeItemInput[], field: Field): Promise<Chemical[]> {
    const seen = new Set<number>();
    items.forEach((item, i) => {
      if (seen.has(item.chemicalSerial)) throw LicensingError.invalid([...field, i, 'chemicalSerial'], `Chemical ${item.chemicalSerial} is named twice`);
      seen.add(item.chemicalSerial);
    });
    const found = new Map((await this.em.find(Chemical, { serial: { $in: [...seen] } })).map((c) => [c.serial, c]));
    return items.map((item, i) => {
      const chemical = found.get(item.chemicalSerial);
      if (!chemical) throw LicensingError.chemicalNotFound(item.chemicalSerial, [...field, i, 'chemicalSerial']);
      return chemical;
    });
  }

  /** The status of a licence now. */
  statusOf(licence: Licence): LicenceStatus {
    return licenceStatus(licence.state, licence.validFrom, licence.validUntil, this.clock.now());
  }

  async licence(viewer: Viewer, id: string): Promise<Licence> {
    const licence = await this.em.findOne(Licence, { id: checkId(id, ['id']) }, { populate: ['holder'] });
    if (!licence) throw LicensingError.licenceNotFound(id);
    assertCanReadEnterpriseRow(viewer, licence.holder, ['id']);
    return licence;
  }

  /** Licences, filtered; an enterprise token sees its own. The status filter reads the date, so EXPIRED is never stale. */
  async licences(viewer: Viewer, filter: LicenceFilter, page: PageArgs): Promise<Page<Licence>> {
    if (filter.holder && !isValidCreditCode(filter.holder)) throw LicensingError.invalid(['holder'], `"${filter.holder}" is not a valid credit code`);
    const holder = enterpriseWhere(viewer, filter.holder);
    return paginate(this.em, Licence, this.licenceWhere(filter, holder ? [{ holder }] : []), page);
  }

  private licenceWhere(filter: LicenceFilter, where: Record<string, unknown>[]): FilterQuery<Licence> {
    if (filter.type) where.push({ type: filter.type });
    if (filter.status) where.push(this.statusWhere(filter.status));
    return (where.length ? { $and: where } : {}) as FilterQuery<Licence>;
  }

  private statusWhere(status: LicenceStatus): Record<string, unknown> {
    const today = shanghaiDate(this.clock.now());
    switch (status) {
      case LicenceStatus.VALID:
        return { state: LicenceState.VALID, validFrom: { $lte: today }, validUntil: { $gte: today } };
      case LicenceStatus.SUSPENDED:
        return { state: LicenceState.SUSPENDED, validUntil: { $gte: today } };
      case LicenceStatus.EXPIRED:
        return { state: { $in: [LicenceState.VALID, LicenceState.SUSPENDED] }, validUntil: { $lt: today } };
      case LicenceStatus.PENDING:
        return { $or: [{ state: LicenceState.PENDING }, { state: LicenceState.VALID, validFrom: { $gt: today } }] };
      default:
        return { state: status as unknown as LicenceState };
    }
  }

  /**
   * The licences of many enterprises (Enterprise.licences under a list, a
   * trace's holders): one statement. The resolver checks row access per
   * enterprise, as a batch trace may reach any holder.
   */
  licencesOf(holderIds: readonly string[], filter: LicenceFilter, page: PageArgs, wants: PageWants): Promise<Map<string, Page<Licence>>> {
    return paginateByParent(this.em, Licence, 'holder', holderIds, this.licenceWhere(filter, []), page, wants);
  }

  /** The lifecycle events of many licences, oldest first: one statement. */
  eventsOf(licenceIds: readonly string[], page: PageArgs, wants: PageWants): Promise<Map<string, Page<LicenceEvent>>> {
    return paginateByParent(this.em, LicenceEvent, 'licence', licenceIds, {}, page, wants);
  }

  /** The scope (permitted chemicals) of many licences: one statement. */
  scopeOf(licenceIds: readonly string[], page: PageArgs, wants: PageWants): Promise<Map<string, Page<LicenceScopeItem>>> {
    return paginateByParent(this.em, LicenceScopeItem, 'licence', licenceIds, {}, page, wants);
  }

  /**
   * Applied → decided in working days, by licence type and month of decision,
   * against the statutory limit: the reduction the bureau committed to (60 %).
   * Simple changes, reissues and cancellations are decided in the call and not counted.
   */
  async processingTimes(viewer: Viewer, from: string, to: string, type?: LicenceType | null): Promise<ProcessingTimeRow[]> {
    assertRegulator(viewer);
    checkDate(from, ['from']);
    checkDate(to, ['to']);
    if (to < from) throw LicensingError.invalid(['to'], 'to must not be before from');
    if (to > addDays(from, 731)) throw LicensingError.invalid(['to'], 'The report spans at most two years');
    const holder = enterpriseWhere(viewer);
    const where: FilterQuery<Licence> = {
      decidedAt: { $gte: startOfShanghaiDate(from), $lt: startOfShanghaiDate(addDays(to, 1)) },
      ...(type ? { type } : {}),
      // A TOWN regulator's figures are its town's licences'.
      ...(holder ? { holder } : {}),
    };
    const decided = await this.em.find(Licence, where, { orderBy: { decidedAt: 'asc', id: 'asc' } });
    if (decided.length === 0) return [];
    const firstApplied = shanghaiDate(decided.reduce((min, l) => (l.appliedAt < min ? l.appliedAt : min), decided[0].appliedAt));
    const calendar = await this.em.find(CalendarDay, { date: { $gte: firstApplied, $lte: to } });
    const exceptions = new Map(calendar.map((d) => [d.date, d.working]));
    const groups = new Map<string, { type: LicenceType; month: string; days: number[] }>();
    for (const licence of decided) {
      const month = shanghaiMonth(licence.decidedAt!);
      const key = `${month}|${licence.type}`;
      const group = groups.get(key) ?? { type: licence.type, month, days: [] };
      group.days.push(workingDaysBetween(shanghaiDate(licence.appliedAt), shanghaiDate(licence.decidedAt!), exceptions));
      groups.set(key, group);
    }
    return [...groups.values()]
      .sort((a, b) => a.month.localeCompare(b.month) || a.type.localeCompare(b.type))
      .map(({ type: t, month, days }) => {
        const statutory = STATUTORY_WORKING_DAYS[t];
        const average = days.reduce((s, d) => s + d, 0) / days.length;
        const reduction = 1 - average / statutory;
        return {
          type: t,
          month,
          decided: days.length,
          averageWorkingDays: round(average),
          maxWorkingDays: Math.max(...days),
          statutoryWorkingDays: statutory,
          averageReduction: round(reduction),
          meetsCommitment: reduction >= COMMITTED_REDUCTION,
        };
      });
  }

  /** Records a holiday or a make-up working day; the last word on a date wins. */
  async setCalendarDay(viewer: Viewer, input: CalendarDayInput): Promise<CalendarDay> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'setCalendarDay');
    const date = checkDate(input.date, ['input', 'date']);
    const name = requiredText(input.name, ['input', 'name'], 100);
    await this.em.upsert(CalendarDay, { date, working: input.working, name });
    return this.em.findOneOrFail(CalendarDay, { date }, { refresh: true });
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
