import { LockMode } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { paginate, PageWants } from '../db/paginate';
import { EnforcementLevel } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { AccessError, FieldPath as Field } from '../shared/domain-error';
import { NAME_KEY, Page, PageArgs } from '../shared/page';
import { DepartmentAction, DepartmentEvent } from './department-event.entity';
import { DepartmentsError } from './departments.errors';
import { CreateDepartmentInput } from './departments.inputs';
import { Mandate } from './mandates';
import { PartnerDepartment } from './partner-department.entity';
import { describeViewer, Role, Viewer } from './viewer';

/**
 * A partner viewer with its department's mandates as the table holds them now: one primary-key
 * read per request, so a changed mandate or a deactivation holds from the next request on, in every
 * process. An unknown or deactivated department is refused like a bad token. Others pass unchanged.
 */
export async function withMandates(em: EntityManager, viewer: Viewer): Promise<Viewer> {
  if (viewer.role !== Role.PARTNER) return viewer;
  const rows = await em.getConnection().execute<{ mandates: Mandate[]; active: boolean }[]>('select mandates, active from department where code = ?', [viewer.department]);
  if (!rows[0]?.active) throw AccessError.unauthenticated(`Department ${viewer.department} is not an active partner department`);
  return { ...viewer, mandates: rows[0].mandates };
}

/** Every department's Chinese name by code, deactivated ones too: old records name them. */
export async function departmentNames(em: EntityManager): Promise<Record<string, string>> {
  const departments = await em.find(PartnerDepartment, {}, { orderBy: { code: 'asc' } });
  return Object.fromEntries(departments.map((d) => [d.code, d.name]));
}

/** Refuses, naming the field (and the index in a list), a code that names no active department. */
export async function requireActiveDepartments(em: EntityManager, codes: readonly string[], field: Field, list = true): Promise<void> {
  if (codes.length === 0) return;
  const found = new Map((await em.find(PartnerDepartment, { code: { $in: [...codes] } })).map((d) => [d.code, d]));
  codes.forEach((code, i) => {
    const at = list ? [...field, i] : field;
    const department = found.get(code);
    if (!department) throw DepartmentsError.notFound(code, at);
    if (!department.active) throw DepartmentsError.inactive(code, at);
  });
}

/**
 * The bureau's departments as configuration: ADMIN, or a CITY or DISTRICT regulator (not a TOWN
 * one: a department serves the whole district), adds a department, changes its mandate or
 * deactivates or reactivates it; each change writes a department_event in the same transaction.
 */
export class DepartmentsService {
  constructor(private readonly em: EntityManager, private readonly clock: Clock) {}

  /** Any signed-in caller: the departments by code, the active ones unless `includeInactive`. */
  departments(viewer: Viewer, includeInactive: boolean, page: PageArgs, wants: PageWants): Promise<Page<PartnerDepartment>> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    return paginate(this.em, PartnerDepartment, includeInactive ? {} : { active: true }, page, { ...wants, key: 'code', keyPattern: NAME_KEY });
  }

  /** The changes, oldest first: of one department, or of all. */
  departmentEvents(viewer: Viewer, code: string | null | undefined, page: PageArgs, wants: PageWants): Promise<Page<DepartmentEvent>> {
    this.assertAdministers(viewer);
    return paginate(this.em, DepartmentEvent, code ? { department: code } : {}, page, wants);
  }

  async createDepartment(viewer: Viewer, input: CreateDepartmentInput): Promise<PartnerDepartment> {
    this.assertAdministers(viewer);
    const name = input.name.trim();
    if (name === '' || [...name].length > 50) throw DepartmentsError.invalid(['input', 'name'], 'A department name has 1 to 50 characters');
    const mandates = mandatesInput(input.mandates, ['input', 'mandates']);
    if (await this.em.count(PartnerDepartment, { code: input.code })) throw DepartmentsError.taken('code', input.code);
    if (await this.em.count(PartnerDepartment, { name })) throw DepartmentsError.taken('name', name);
    try {
      return await this.em.transactional(async (em) => {
        const department = em.create(PartnerDepartment, { code: input.code, name, mandates, active: true });
        this.record(em, viewer, department.code, DepartmentAction.CREATED, { name, mandates });
        return department;
      });
    } catch (error) {
      // Two creations at once: the loser meets the primary key or the unique name.
      if (error instanceof UniqueConstraintViolationException) {
        throw (await this.em.fork().count(PartnerDepartment, { code: input.code })) ? DepartmentsError.taken('code', input.code) : DepartmentsError.taken('name', name);
      }
      throw error;
    }
  }

  updateDepartmentMandate(viewer: Viewer, code: string, requested: Mandate[]): Promise<PartnerDepartment> {
    this.assertAdministers(viewer);
    const mandates = mandatesInput(requested, ['mandates']);
    return this.em.transactional(async (em) => {
      const department = await this.lockActive(em, code);
      const before = department.mandates;
      department.mandates = mandates;
      this.record(em, viewer, code, DepartmentAction.MANDATE_CHANGED, { before, after: mandates });
      return department;
    });
  }

  deactivateDepartment(viewer: Viewer, code: string): Promise<PartnerDepartment> {
    this.assertAdministers(viewer);
    return this.em.transactional(async (em) => {
      const department = await this.lockActive(em, code);
      department.active = false;
      this.record(em, viewer, code, DepartmentAction.DEACTIVATED, { name: department.name, mandates: department.mandates });
      return department;
    });
  }

  /**
   * Undoes a deactivation: the department, with the mandate it held, is active again, so its tokens,
   * keys and users pass from the next request and it may be named in new records. Its webhooks stay
   * disabled until one of its users enables them: what they missed is not sent by surprise.
   */
  reactivateDepartment(viewer: Viewer, code: string): Promise<PartnerDepartment> {
    this.assertAdministers(viewer);
    return this.em.transactional(async (em) => {
      const department = await em.findOne(PartnerDepartment, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!department) throw DepartmentsError.notFound(code, ['code']);
      if (department.active) throw DepartmentsError.active(code, ['code']);
      department.active = true;
      this.record(em, viewer, code, DepartmentAction.REACTIVATED, { name: department.name, mandates: department.mandates });
      return department;
    });
  }

  private async lockActive(em: EntityManager, code: string): Promise<PartnerDepartment> {
    const department = await em.findOne(PartnerDepartment, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!department) throw DepartmentsError.notFound(code, ['code']);
    if (!department.active) throw DepartmentsError.inactive(code, ['code']);
    return department;
  }

  private record(em: EntityManager, viewer: Viewer, department: string, action: DepartmentAction, details: Record<string, unknown>): void {
    em.create(DepartmentEvent, { at: this.clock.now(), actor: describeViewer(viewer), department, action, details });
  }

  private assertAdministers(viewer: Viewer): void {
    if (viewer.role === null) throw AccessError.unauthenticated();
    const administers = viewer.role === Role.ADMIN || (viewer.role === Role.REGULATOR && viewer.level !== EnforcementLevel.TOWN);
    if (!administers) throw DepartmentsError.forbidden('Partner departments are administered by ADMIN or a CITY or DISTRICT regulator');
  }
}

function mandatesInput(values: Mandate[], field: Field): Mandate[] {
  if (values.length === 0) throw DepartmentsError.invalid(field, 'A department holds at least one mandate');
  if (new Set(values).size !== values.length) throw DepartmentsError.invalid(field, 'A mandate is named twice');
  return [...values].sort();
}
