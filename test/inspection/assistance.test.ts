/** Assistance requests (协查单) between levels: requested, answered once, overdue ones reminded daily. */
import { AssistanceService } from '../../src/inspection/assistance.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { Notification } from '../../src/supervision/notification.entity';
import { NotificationKind } from '../../src/supervision/supervision.enums';
import { codes, createTestApi } from '../support/api';
import { expectPaged } from '../support/connection-paging';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { runJob } from '../support/supervision-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2025-03-03T02:00:00Z');
const service = () => new AssistanceService(db.orm.em.fork(), clock);
const input = (over: Record<string, unknown> = {}) => ({ fromLevel: EnforcementLevel.CITY, toLevel: EnforcementLevel.TOWN, enterprise: creditCode(101), matter: '核查该企业夜间违规装卸举报', dueDate: '2025-03-10', ...over });

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 101);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('assistance requests', () => {
  it('go to another level, with a matter and a due date after today; regulators only', async () => {
    await expect(service().request(regulator, input({ toLevel: EnforcementLevel.CITY }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'toLevel'] });
    await expect(service().request(regulator, input({ dueDate: '2025-03-03' }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'dueDate'] });
    await expect(service().request(regulator, input({ matter: ' ' }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'matter'] });
    await expect(service().request(regulator, input({ enterprise: creditCode(109) }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const asked = await api.run(`mutation($input: RequestAssistanceInput!) { requestAssistance(input: $input) { id status } }`, { input: input() }, enterpriseViewer(creditCode(101)));
    expect(codes(asked)).toEqual(['FORBIDDEN']);
  });

  it('are answered once; overdue open ones are reminded once a day until answered', async () => {
    const late = await service().request(regulator, input());
    const answered = await service().request(regulator, input({ toLevel: EnforcementLevel.DISTRICT }));
    await service().answer(regulator, answered.id, '已核查，未发现违规装卸');
    await expect(service().answer(regulator, answered.id, '再答')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    const onTime = fixedClock('2025-03-10T02:00:00Z');
    expect((await runJob(db, onTime, 'assistance-reminders')).counts).toMatchObject({ overdue: 0 });
    const dayAfter = fixedClock('2025-03-11T02:00:00Z');
    expect((await runJob(db, dayAfter, 'assistance-reminders')).counts).toMatchObject({ overdue: 1, reminded: 1 });
    expect((await runJob(db, dayAfter, 'assistance-reminders')).counts).toMatchObject({ overdue: 1, alreadyReminded: 1 });
    expect((await runJob(db, fixedClock('2025-03-12T02:00:00Z'), 'assistance-reminders')).counts).toMatchObject({ reminded: 1 });
    const reminders = await db.orm.em.fork().find(Notification, { kind: NotificationKind.ASSISTANCE_OVERDUE });
    expect(reminders).toHaveLength(2);
    expect(reminders[0].payload).toMatchObject({ assistanceRequestId: late.id, toLevel: 'TOWN', dueDate: '2025-03-10' });

    const done = await api.run(`mutation($id: ID!) { answerAssistanceRequest(id: $id, answer: "已现场核查，责令整改") { status answer answeredAt } }`, { id: late.id }, regulator);
    expect(done.errors).toBeUndefined();
    expect((await runJob(db, fixedClock('2025-03-13T02:00:00Z'), 'assistance-reminders')).counts).toMatchObject({ overdue: 0 });
  });

  it('are a connection for regulators, oldest first, filtered by level asked and status', async () => {
    for (const matter of ['核查储罐区', '核查运输车辆']) await service().request(regulator, input({ matter, dueDate: '2025-03-20' }));
    const all = await expectPaged(api.run, { field: 'assistanceRequests', node: 'matter toLevel status', viewer: regulator });
    expect(all).toEqual([
      { matter: '核查该企业夜间违规装卸举报', toLevel: 'TOWN', status: 'ANSWERED' },
      { matter: '核查该企业夜间违规装卸举报', toLevel: 'DISTRICT', status: 'ANSWERED' },
      { matter: '核查储罐区', toLevel: 'TOWN', status: 'OPEN' },
      { matter: '核查运输车辆', toLevel: 'TOWN', status: 'OPEN' },
    ]);
    const open = await expectPaged(api.run, { field: 'assistanceRequests', node: 'matter', viewer: regulator, args: ['$s: AssistanceStatus, $l: EnforcementLevel', 'status: $s, toLevel: $l'], variables: { s: 'OPEN', l: 'TOWN' }, first: 1 });
    expect(open).toEqual([{ matter: '核查储罐区' }, { matter: '核查运输车辆' }]);
    for (const viewer of [enterpriseViewer(creditCode(101)), partner('FIRE_RESCUE')]) expect(codes(await api.run(`{ assistanceRequests { totalCount } }`, {}, viewer))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`{ assistanceRequests { totalCount } }`))).toEqual(['UNAUTHENTICATED']);
  });
});
