import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertActsAtLevel, assertInArea } from '../access/jurisdiction';
import { assertRegulator, enterpriseWhere } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { EnforcementLevel } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { CommonCode, inputField } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { AssistanceRequest, AssistanceStatus } from './assistance-request.entity';
import { InspectionError } from './inspection.errors';
import { checkDate, checkId, enterpriseInput } from './inspection-rules';

/**
 * 协查单 between levels: a regulator of one level asks another to check a
 * matter by a due date; the asked level answers once. A regulator asks as its
 * own level about an enterprise of its area, and answers only what was asked
 * of its level (at TOWN, of its town); overdue open requests are reminded by
 * the assistance-reminders job.
 */
export class AssistanceService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async request(viewer: Viewer, input: { fromLevel: EnforcementLevel; toLevel: EnforcementLevel; enterprise: string; matter: string; dueDate: string }): Promise<AssistanceRequest> {
    assertRegulator(viewer);
    for (const name of ['fromLevel', 'toLevel'] as const) {
      if (!Object.values(EnforcementLevel).includes(input[name])) throw InspectionError.invalid(inputField(name), `"${input[name]}" is not a level`);
    }
    assertActsAtLevel(viewer, input.fromLevel, inputField('fromLevel'));
    if (input.fromLevel === input.toLevel) throw InspectionError.invalid(inputField('toLevel'), 'An assistance request goes to another level');
    const due = checkDate(input.dueDate, inputField('dueDate'));
    if (due <= shanghaiDate(this.clock.now())) throw InspectionError.invalid(inputField('dueDate'), `${due} is not after today`);
    const matter = requiredText(input.matter, inputField('matter'), 2000);
    const enterprise = await enterpriseInput(this.em, input.enterprise, inputField('enterprise'));
    assertInArea(viewer, enterprise, inputField('enterprise'));
    const request = this.em.create(AssistanceRequest, {
      fromLevel: input.fromLevel,
      toLevel: input.toLevel,
      enterprise,
      matter,
      dueDate: due,
      requestedBy: viewer.subject!,
      requestedAt: this.clock.now(),
    } as never);
    await this.em.flush();
    return request;
  }

  async answer(viewer: Viewer, id: string, answer: string): Promise<AssistanceRequest> {
    assertRegulator(viewer);
    checkId(id, ['id']);
    const text = requiredText(answer, ['answer'], 4000);
    return this.em.transactional(async (em) => {
      const request = await em.findOne(AssistanceRequest, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['enterprise'] });
      if (!request) throw new InspectionError(CommonCode.NOT_FOUND, `No assistance request ${id}`, ['id']);
      assertActsAtLevel(viewer, request.toLevel, ['id']);
      assertInArea(viewer, request.enterprise, ['id']);
      if (request.status !== AssistanceStatus.OPEN) throw InspectionError.invalidTransition(`Assistance request ${id}`, request.status, AssistanceStatus.ANSWERED);
      request.status = AssistanceStatus.ANSWERED;
      request.answer = text;
      request.answeredBy = viewer.subject;
      request.answeredAt = this.clock.now();
      return request;
    });
  }

  /** Open requests past their due date (Asia/Shanghai), oldest due first. */
  overdue(): Promise<AssistanceRequest[]> {
    return this.em.find(AssistanceRequest, { status: AssistanceStatus.OPEN, dueDate: { $lt: shanghaiDate(this.clock.now()) } }, { orderBy: { dueDate: 'asc', id: 'asc' } });
  }

  /** Regulators read them oldest first. */
  requests(viewer: Viewer, filter: { toLevel?: EnforcementLevel | null; status?: AssistanceStatus | null }, page: PageArgs, wants: PageWants): Promise<Page<AssistanceRequest>> {
    assertRegulator(viewer);
    // A TOWN regulator's are about its town's enterprises, whichever level asked or was asked.
    const enterprise = enterpriseWhere(viewer);
    const where = { ...(filter.toLevel ? { toLevel: filter.toLevel } : {}), ...(filter.status ? { status: filter.status } : {}), ...(enterprise ? { enterprise } : {}) };
    return paginate(this.em, AssistanceRequest, where, page, wants);
  }
}
