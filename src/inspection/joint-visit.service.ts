import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown } from '../access/jurisdiction';
import { assertRegulator, enterpriseWhere } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { rawQuery } from '../db/raw-query';
import { Enterprise } from '../registry/enterprise.entity';
import { EnterpriseStatus } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { AccessError, CommonCode, FieldPath, inputField } from '../shared/domain-error';
import { decodeCursor, Page, PageArgs, pageSize, toPage } from '../shared/page';
import { isMonth, monthBounds, shanghaiMonth } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { DepartmentTask, DepartmentTaskStatus } from './department-task.entity';
import { Inspection } from './inspection.entity';
import { InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { checkId, enterpriseInput, inspectionForWrite, requireJoint, requireStatus } from './inspection-rules';

/** At most this many tasks join one visit at once: a visit, not a campaign. */
export const MAX_TASKS_PER_VISIT = 20;

export interface JointVisitProposal {
  enterprise: Enterprise;
  month: string;
  /** The bureau's earliest PLANNED JOINT inspection of the enterprise that month; null: schedule one. */
  inspection: Inspection | null;
  tasks: DepartmentTask[];
}

/**
 * Enterprises with pending tasks in the month (?) that the bureau visits then in a JOINT inspection (? to ?), or
 * that two or more departments visit, in the town (?; null: every town).
 */
const PROPOSED = `with tasks as (
    select t.enterprise_id, count(distinct t.department) as departments
      from department_task t join enterprise e on e.id = t.enterprise_id
     where t.month = ? and t.status = 'PENDING' and e.town = coalesce(?::text, e.town) group by t.enterprise_id),
  visits as (
    select enterprise_id, min(id) as inspection_id
      from inspection where type = 'JOINT' and status = 'PLANNED' and scheduled_date between ?::date and ?::date group by enterprise_id),
  proposed as (
    select t.enterprise_id, v.inspection_id from tasks t left join visits v using (enterprise_id)
     where v.inspection_id is not null or t.departments >= 2)`;

function checkMonth(value: string, field: FieldPath): string {
  if (typeof value !== 'string' || !isMonth(value)) throw InspectionError.invalid(field, `"${value}" is not a month (YYYY-MM)`);
  return value;
}

/**
 * 进一门、查多事: partner departments plan their own checks of an enterprise
 * for a month; where two or more parties (the bureau's planned inspection, or
 * several departments) would visit the same enterprise in the same month, the
 * visits are proposed as one, and a regulator joins the tasks to the
 * inspection, whose departments then record their part there.
 */
export class JointVisitService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** A partner department plans a check of an enterprise in this month or a later one. */
  async planTask(viewer: Viewer, input: { enterprise: string; month: string; matter: string }): Promise<DepartmentTask> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (viewer.role !== Role.PARTNER) throw AccessError.forbidden('Only a partner department plans its own checks');
    const month = checkMonth(input.month, inputField('month'));
    const current = shanghaiMonth(this.clock.now());
    if (month < current) throw InspectionError.invalid(inputField('month'), `${month} is past (this month is ${current} in Shanghai)`);
    const matter = requiredText(input.matter, inputField('matter'), 2000);
    const enterprise = await enterpriseInput(this.em, input.enterprise, inputField('enterprise'));
    if (enterprise.status === EnterpriseStatus.CLOSED) throw InspectionError.enterpriseClosed(enterprise.creditCode, inputField('enterprise'));
    const task = this.em.create(DepartmentTask, {
      department: viewer.department,
      enterprise,
      month,
      matter,
      plannedBy: viewer.subject!,
      plannedAt: this.clock.now(),
    } as never);
    await this.em.flush();
    return task;
  }

  /** The planning department withdraws a task not yet joined to a visit. */
  async withdrawTask(viewer: Viewer, id: string): Promise<DepartmentTask> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    checkId(id, ['id']);
    return this.em.transactional(async (em) => {
      const task = await this.task(em, id, ['id']);
      if (viewer.role !== Role.PARTNER || viewer.department !== task.department) {
        throw InspectionError.forbidden(`Only ${task.department} withdraws its task ${id}`, ['id']);
      }
      if (task.status !== DepartmentTaskStatus.PENDING) throw InspectionError.invalidTransition(`Task ${id}`, task.status, DepartmentTaskStatus.WITHDRAWN);
      task.status = DepartmentTaskStatus.WITHDRAWN;
      return task;
    });
  }

  /** Regulators read every department's tasks (a TOWN regulator those about its town's enterprises); a partner its own department's. */
  async tasks(viewer: Viewer, filter: { month: string; status?: DepartmentTaskStatus | null }, args: PageArgs, wants: PageWants = {}): Promise<Page<DepartmentTask>> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (viewer.role === Role.ENTERPRISE) throw AccessError.forbidden('Departments\u2019 plans are not shown to enterprises');
    const month = checkMonth(filter.month, ['month']);
    const enterprise = enterpriseWhere(viewer);
    const where = {
      month,
      ...(filter.status ? { status: filter.status } : {}),
      ...(viewer.role === Role.PARTNER ? { department: viewer.department } : {}),
      ...(enterprise ? { enterprise } : {}),
    };
    return paginate(this.em, DepartmentTask, where, args, { ...wants, populate: ['enterprise', 'inspection'] });
  }

  /**
   * The month's proposed joint visits, by enterprise: pending tasks where the
   * bureau plans a JOINT inspection that month, or where two or more
   * departments plan checks.
   */
  async proposals(viewer: Viewer, monthInput: string, args: PageArgs): Promise<Page<JointVisitProposal>> {
    assertRegulator(viewer);
    const month = checkMonth(monthInput, ['month']);
    const size = pageSize(args);
    const after = decodeCursor(args.after);
    const { from, to } = monthBounds(month);
    const town = areaTown(viewer) ?? null;
    const [rows, [count]] = await Promise.all([
      size === 0
        ? Promise.resolve([])
        : rawQuery<{ enterprise_id: string; inspection_id: string | null }>(
            this.em,
            `${PROPOSED} select enterprise_id::text, inspection_id::text from proposed where enterprise_id > ? order by enterprise_id limit ?`,
            [month, town, from, to, after ?? 0, size + 1],
          ),
      rawQuery<{ total: string }>(this.em, `${PROPOSED} select count(*)::text as total from proposed`, [month, town, from, to]),
    ]);
    const ids = rows.map((r) => r.enterprise_id);
    const inspectionIds = rows.flatMap((r) => (r.inspection_id ? [r.inspection_id] : []));
    const [enterprises, inspections, tasks] =
      ids.length === 0
        ? [[], [], []]
        : await Promise.all([
            this.em.find(Enterprise, { id: { $in: ids } }),
            this.em.find(Inspection, { id: { $in: inspectionIds } }),
            this.em.find(DepartmentTask, { month, status: DepartmentTaskStatus.PENDING, enterprise: { $in: ids } }, { orderBy: { id: 'asc' }, populate: ['enterprise'] }),
          ]);
    const proposals = rows.map((r) => ({
      enterprise: enterprises.find((e) => e.id === r.enterprise_id)!,
      month,
      inspection: inspections.find((i) => i.id === r.inspection_id) ?? null,
      tasks: tasks.filter((t) => t.enterprise.id === r.enterprise_id),
    }));
    return toPage(proposals, size, (p) => p.enterprise.id, Number(count.total), after);
  }

  /**
   * A regulator joins pending tasks to a PLANNED JOINT inspection of the same
   * enterprise in the tasks' month: their departments take part in it from
   * then on (they add their own checklist items and findings). All or nothing.
   */
  async joinVisit(viewer: Viewer, inspectionId: string, taskIds: string[]): Promise<Inspection> {
    assertRegulator(viewer);
    if (!Array.isArray(taskIds) || taskIds.length === 0) throw InspectionError.invalid(['taskIds'], 'Name at least one task to join');
    if (taskIds.length > MAX_TASKS_PER_VISIT) throw InspectionError.invalid(['taskIds'], `At most ${MAX_TASKS_PER_VISIT} tasks join a visit at once`);
    taskIds.forEach((id, i) => checkId(id, ['taskIds', i]));
    if (new Set(taskIds).size !== taskIds.length) throw InspectionError.invalid(['taskIds'], 'A task is named twice');
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, inspectionId, ['inspectionId']);
      requireJoint(inspection, ['inspectionId']);
      requireStatus(inspection, [InspectionStatus.PLANNED], 'joining a visit', ['inspectionId']);
      const month = inspection.scheduledDate.slice(0, 7);
      const departments = new Set<string>(inspection.departments);
      for (const [i, id] of taskIds.entries()) {
        const task = await this.task(em, id, ['taskIds', i]);
        if (task.status !== DepartmentTaskStatus.PENDING) throw InspectionError.conflict(`Task ${id} is ${task.status}: only a pending task joins a visit`, ['taskIds', i]);
        if (task.enterprise.id !== inspection.enterprise.id) throw InspectionError.invalid(['taskIds', i], `Task ${id} is for another enterprise than inspection ${inspection.id}`);
        if (task.month !== month) throw InspectionError.invalid(['taskIds', i], `Task ${id} is planned for ${task.month}; inspection ${inspection.id} is on ${inspection.scheduledDate}`);
        task.status = DepartmentTaskStatus.JOINED;
        task.inspection = inspection;
        task.joinedAt = this.clock.now();
        departments.add(task.department);
      }
      inspection.departments = [...departments];
      return inspection;
    });
  }

  private async task(em: EntityManager, id: string, field: readonly (string | number)[]): Promise<DepartmentTask> {
    const task = await em.findOne(DepartmentTask, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!task) throw new InspectionError(CommonCode.NOT_FOUND, `No department task ${id}`, field);
    return task;
  }
}
