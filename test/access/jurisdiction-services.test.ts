/**
 * Jurisdiction in the regulators' other writes: each mutation that acts for an enterprise (or a plan, or a
 * request between levels) refused to a regulator outside its jurisdiction or area, FORBIDDEN naming the
 * field, with every table as it was; the regulator whose it is gets through.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Role, Viewer } from '../../src/access/viewer';
import { CreditService } from '../../src/inspection/credit.service';
import { NoPenaltyReason } from '../../src/inspection/inspection.enums';
import { PenaltyProcedureService } from '../../src/inspection/penalty-procedure.service';
import { PenaltyMeasure } from '../../src/inspection/penalty.enums';
import { TypicalCaseService } from '../../src/inspection/typical-case.service';
import { AssistanceService } from '../../src/inspection/assistance.service';
import { SelfCheckService } from '../../src/inspection/self-check.service';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode } from '../../src/licensing/licensing.enums';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { loadConfig } from '../../src/config';
import { codes, createTestApi, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, registerProduct, regulator } from '../support/fixtures';
import { benchmarkRow, draftPlan, NOW, penalise, schedule, stages, startAndRecord } from '../support/inspection-fixtures';
import { issueLicence } from '../support/licensing-fixtures';
import { tableDigests } from '../support/row-counts';
import { getMetadataStorage } from 'type-graphql';
import { AXIS, OUTCOME, OWN_RULES, RELATIONS, Rule } from './jurisdiction-axis';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
/** 2025-03-25 in Shanghai: after the decisions (2025-03-09), within their publicity. */
const clock = fixedClock('2025-03-25T02:00:00Z');
const at = fixedClock(NOW);

const regulatorAt = (level: EnforcementLevel, town?: string): Viewer => ({ role: Role.REGULATOR, subject: `${level}-${town ?? ''}`, level, ...(town ? { town } : {}) });
/** The enterprises are DISTRICT ones of 高桥镇: the DISTRICT regulator's to act for, in the 高桥镇 TOWN regulator's area. */
const OWN = regulatorAt(EnforcementLevel.DISTRICT);
const GAOQIAO = regulatorAt(EnforcementLevel.TOWN, '高桥镇');
const XINQIAO = regulatorAt(EnforcementLevel.TOWN, '新桥镇');
const CITY = regulatorAt(EnforcementLevel.CITY);
const E = creditCode(1401);
const E2 = creditCode(1402);
/** A TOWN enterprise of 高桥镇: below the DISTRICT regulator, the 高桥镇 TOWN regulator's own. */
const T = creditCode(1404);

const ids: Record<string, string> = { E, fresh: creditCode(1405) };

beforeAll(async () => {
  db = await openTestDatabase();
  // The bureau's webhooks are in the axis: their secrets are sealed under a key, as every server has one.
  api = await createTestApi(db, { clock, config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, secretKey: Buffer.alloc(32, 7) } } });
  const em = db.orm.em;
  await registerEnterprise(em, 1401);
  await registerEnterprise(em, 1402);
  await registerEnterprise(em, 1403);
  await registerEnterprise(em, 1404, { enforcementLevel: EnforcementLevel.TOWN });
  const decided = await schedule(em, at, E, { scheduledDate: '2025-03-03' });
  await startAndRecord(em, at, decided);
  ids.decision = (await penalise(em, at, decided)).id;

  const repaired = await schedule(em, at, E2, { scheduledDate: '2025-03-03' });
  await startAndRecord(em, at, repaired);
  const decision2 = await penalise(em, at, repaired);
  await new CreditService(em.fork(), clock).recordCarriedOut(regulator, decision2.id, '2025-03-20');
  ids.repair = (await new CreditService(em.fork(), clock).apply(enterpriseViewer(E2), decision2.id, '已缴纳罚款并整改')).id;

  const noticed = await schedule(em, at, E, { scheduledDate: '2025-03-03', trigger: '再次举报', justification: '再次举报需核实' });
  await startAndRecord(em, at, noticed);
  const benchmark = await benchmarkRow(em);
  ids.benchmark = benchmark.id;
  ids.notice = (
    await new PenaltyProcedureService(em.fork(), at).issueNotice(regulator, { inspectionId: noticed.id, benchmarkId: benchmark.id, factors: ['逾期未改正'], measures: [PenaltyMeasure.FINE], amountYuan: '30000', facts: '报警器失效' })
  ).id;
  ids.inspection = noticed.id;

  const closed = await schedule(em, at, creditCode(1403), { scheduledDate: '2025-03-03' });
  await startAndRecord(em, at, closed);
  const s = stages(em, at);
  await s.inspections.completeInspection(regulator, closed.id);
  await s.penalties.recordPenaltyDecision(regulator, { inspectionId: closed.id, penalized: false, noPenaltyReason: NoPenaltyReason.FIRST_OFFENCE });
  await s.inspections.closeInspection(regulator, closed.id);
  ids.typicalCase = (await new TypicalCaseService(em.fork(), at).record(regulator, { inspectionId: closed.id, title: '典型案例', summary: '首违不罚', significance: '说理式执法' })).id;

  ids.policy = (
    await new SelfCheckService(em.fork(), at).recordPolicy(regulator, { enterprise: E, insurer: '某保险公司', policyNumber: 'P-1', validFrom: '2025-01-01', validUntil: '2025-12-31', coverYuan: '1000000' })
  ).id;
  const assistance = new AssistanceService(em.fork(), at);
  ids.assistance = (await assistance.request(regulator, { fromLevel: EnforcementLevel.DISTRICT, toLevel: EnforcementLevel.TOWN, enterprise: E, matter: '核查夜间装卸', dueDate: '2025-03-20' })).id;
  ids.plan = (await draftPlan(em, at, EnforcementLevel.DISTRICT, 2025)).id;
  ids.townPlan = (await draftPlan(em, at, EnforcementLevel.TOWN, 2025)).id;
  const fork = em.fork();
  const enterprise = await fork.findOneOrFail(Enterprise, { creditCode: E });
  const alert = fork.create(Alert, { code: AlertCode.OVER_CAPACITY, enterprise, chain: E, entrySeq: 1, message: '超量储存' } as never);
  await fork.flush();
  ids.alert = alert.id;
  ids.draw = (
    await api.run<{ announceRandomDraw: { id: string } }>(
      `mutation($input: AnnounceRandomDrawInput!) { announceRandomDraw(input: $input) { id } }`,
      { input: { planId: ids.plan, count: 1, roster: ['甲', '乙'], scheduledFrom: '2025-05-06', scheduledTo: '2025-05-30' } },
      OWN,
    )
  ).data!.announceRandomDraw.id;

  ids.product = (await registerProduct(em, E)).traceCode;
  ids.licence = (await issueLicence(em, clock, E)).id;
  const [item] = await em.getConnection().execute('select id from inspection_checklist_item where inspection_id = ? order by position limit 1', [ids.inspection]);
  ids.checklistItem = String(item.id);
  const own = async (query: string, variables: Record<string, unknown> = {}) => {
    const result = await api.run<Record<string, { id: string }>>(query, variables, OWN);
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0].id;
  };
  ids.certificate = await own(`mutation($c: CreditCode!) { registerSpecialOperationCertificate(input: { enterprise: $c, holder: "王五", type: HAZCHEM_PROCESS, number: "T-1", reviewDate: "2026-01-01" }) { id } }`, { c: E });
  ids.organisation = await own(`mutation($c: CreditCode!) { admitThirdParty(input: { creditCode: $c, name: "某安全咨询公司", scope: "安全评价" }) { id } }`, { c: creditCode(1406) });
  ids.finding = await own(`mutation($id: ID!) { recordFinding(input: { inspectionId: $id, description: "报警器失效", severity: GENERAL, rectificationDeadline: "2025-04-30" }) { id } }`, { id: ids.inspection });
  ids.advice = await own(
    `mutation($id: ID!, $o: ID!) { recordThirdPartyAdvice(input: { inspectionId: $id, organisationId: $o, kind: MANDATORY, severity: GENERAL, description: "报警器失效", basis: "GB 50493", proposedDeadline: "2025-04-30" }) { id } }`,
    { id: ids.inspection, o: ids.organisation },
  );
  await own(`mutation($c: CreditCode!) { acceptGroupSelfSupervision(group: $c) { id: since } }`, { c: E });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const ROSTER = ['张伟', '李娜'];
const DRAW = (over: Record<string, unknown>) => ({ input: { planId: ids.plan, count: 1, roster: ROSTER, scheduledFrom: '2025-05-06', scheduledTo: '2025-05-30', ...over } });
const when = '2025-03-20T02:00:00Z';

const BY = { OWN, GAOQIAO, XINQIAO, CITY };
async function expectRefused(viewer: Viewer, query: string, variables: Record<string, unknown>, field: string): Promise<void> {
  const before = await tableDigests(db.orm);
  const result = await api.run(query, variables, viewer);
  expect(codes(result)).toEqual(['FORBIDDEN']);
  expect(result.errors![0].extensions!.field).toBe(field);
  expect(await tableDigests(db.orm)).toEqual(before);
}

const REGISTER = `mutation($c: CreditCode!, $l: EnforcementLevel!, $t: String!) { registerEnterprise(input: { creditCode: $c, name: "新企业", address: "某路1号", town: $t, enforcementLevel: $l, industry: HAZCHEM_TRADE }) { id } }`;
const UPDATE = `mutation($c: CreditCode!, $l: EnforcementLevel, $t: String) { updateEnterprise(input: { creditCode: $c, enforcementLevel: $l, town: $t }) { enforcementLevel town } }`;

/** Special refusals beyond the axis: [mutation, who is refused, why, the document, its variables, the field named] */
const REFUSALS: [string, keyof typeof BY, string, string, () => Record<string, unknown>, string][] = [
  ['requestAssistance', 'CITY', 'asks as another level', `mutation($input: RequestAssistanceInput!) { requestAssistance(input: $input) { id } }`, () => ({ input: { fromLevel: 'DISTRICT', toLevel: 'TOWN', enterprise: E, matter: '核查', dueDate: '2025-04-01' } }), 'input.fromLevel'],
  ['requestAssistance', 'XINQIAO', 'about an enterprise of another town', `mutation($input: RequestAssistanceInput!) { requestAssistance(input: $input) { id } }`, () => ({ input: { fromLevel: 'TOWN', toLevel: 'DISTRICT', enterprise: E, matter: '核查', dueDate: '2025-04-01' } }), 'input.enterprise'],
  ['answerAssistanceRequest', 'OWN', 'asked of another level', `mutation($id: ID!) { answerAssistanceRequest(id: $id, answer: "已核查") { id } }`, () => ({ id: ids.assistance }), 'id'],
  ['answerAssistanceRequest', 'XINQIAO', 'asked of the TOWN level about another town', `mutation($id: ID!) { answerAssistanceRequest(id: $id, answer: "已核查") { id } }`, () => ({ id: ids.assistance }), 'id'],
  ['acceptTypicalCase', 'OWN', 'below the CITY level', `mutation($id: ID!) { acceptTypicalCase(id: $id) { id } }`, () => ({ id: ids.typicalCase }), 'id'],
  ['returnTypicalCase', 'GAOQIAO', 'below the CITY level', `mutation($id: ID!) { returnTypicalCase(id: $id, reason: "退回") { id } }`, () => ({ id: ids.typicalCase }), 'id'],
  ['announceRandomDraw', 'GAOQIAO', "on another level's plan", `mutation($input: AnnounceRandomDrawInput!) { announceRandomDraw(input: $input) { id } }`, () => DRAW({}), 'input.planId'],
  ['announceRandomDraw', 'GAOQIAO', 'from another town', `mutation($input: AnnounceRandomDrawInput!) { announceRandomDraw(input: $input) { id } }`, () => DRAW({ planId: ids.townPlan, towns: ['高桥镇', '新桥镇'] }), 'input.towns.1'],
  ['registerEnterprise', 'OWN', 'at a level above its own', REGISTER, () => ({ c: ids.fresh, l: 'CITY', t: '高桥镇' }), 'input.enforcementLevel'],
  ['registerEnterprise', 'GAOQIAO', 'in another town', REGISTER, () => ({ c: ids.fresh, l: 'TOWN', t: '新桥镇' }), 'input.town'],
  ['updateEnterprise', 'OWN', 'moving it to a level above its own', UPDATE, () => ({ c: E, l: 'CITY' }), 'input.enforcementLevel'],
  ['updateEnterprise', 'GAOQIAO', 'moving its TOWN enterprise to another town', UPDATE, () => ({ c: T, t: '新桥镇' }), 'input.town'],
];

describe.each(REFUSALS)('%s by the %s regulator (%s)', (_name, who, _why, query, variables, field) => {
  it(`is FORBIDDEN naming ${field}, and writes nothing`, () => expectRefused(BY[who], query, variables(), field));
});

const cases = (outcome: 'allowed' | 'FORBIDDEN') =>
  AXIS.flatMap(([name, rule, query, variables, field]) => RELATIONS.filter(([who]) => OUTCOME[rule][who] === outcome).map(([who, relation]) => [name, relation, who, query, () => variables(ids), field] as const));

describe.each(cases('FORBIDDEN'))('%s, regulator of %s', (_name, _relation, who, query, variables, field) => {
  it(`is FORBIDDEN naming ${field}, and writes nothing`, () => expectRefused(BY[who], query, variables(), field));
});

it('docs/access.md shows the axis: every mutation with its rule, every rule with its outcomes', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/access.md'), 'utf8');
  for (const [name, rule] of AXIS) expect(doc).toContain(`| \`${name}\` | ${rule} |`);
  for (const [rule, outcomes] of Object.entries(OUTCOME) as [Rule, Record<string, string>][]) expect(doc).toContain(`| \`${rule}\` | ${RELATIONS.map(([who]) => outcomes[who]).join(' | ')} |`);
});

it('the axis holds every mutation a regulator may call, and nothing else', async () => {
  await testSchema();
  const regulators = getMetadataStorage()
    .mutations.filter((m) => m.roles?.includes(Role.REGULATOR))
    .map((m) => m.schemaName)
    .sort();
  expect([...AXIS.map(([name]) => name), ...OWN_RULES].sort()).toEqual(regulators);
});

describe('the regulator whose it is', () => {
  it('answers the request asked of its town, records in its area and acts for its own level', async () => {
    const answered = await api.run(`mutation($id: ID!) { answerAssistanceRequest(id: $id, answer: "已核查") { status } }`, { id: ids.assistance }, GAOQIAO);
    expect(answered.data).toEqual({ answerAssistanceRequest: { status: 'ANSWERED' } });
    const patrol = await api.run(`mutation($c: CreditCode!) { recordPatrolFinding(input: { enterprise: $c, detail: "围墙破损", occurredAt: "${when}" }) { id } }`, { c: E }, GAOQIAO);
    expect(patrol.errors).toBeUndefined();
    const carried = await api.run(`mutation($id: ID!) { recordPenaltyCarriedOut(decisionId: $id, carriedOutOn: "2025-03-20") { carriedOutOn } }`, { id: ids.decision }, OWN);
    expect(carried.data).toEqual({ recordPenaltyCarriedOut: { carriedOutOn: '2025-03-20' } });
    const drawn = await api.run(`mutation($id: ID!) { performRandomDraw(id: $id) { status } }`, { id: ids.draw }, OWN);
    expect(drawn.errors).toBeUndefined();
  });

  it('keeps the register of its own level and below: a DISTRICT regulator moves a TOWN enterprise up, a TOWN one keeps its own', async () => {
    const renamed = await api.run(`mutation($c: CreditCode!) { updateEnterprise(input: { creditCode: $c, name: "高桥化工" }) { name } }`, { c: T }, GAOQIAO);
    expect(renamed.data).toEqual({ updateEnterprise: { name: '高桥化工' } });
    const moved = await api.run(UPDATE, { c: T, l: 'DISTRICT' }, OWN);
    expect(moved.data).toEqual({ updateEnterprise: { enforcementLevel: 'DISTRICT', town: '高桥镇' } });
    expect(codes(await api.run(UPDATE, { c: T, l: 'TOWN' }, GAOQIAO))).toEqual(['FORBIDDEN']);
  });

  it("a TOWN regulator's draw is bounded to its town when it names none", async () => {
    const announced = await api.run(`mutation($input: AnnounceRandomDrawInput!) { announceRandomDraw(input: $input) { towns } }`, DRAW({ planId: ids.townPlan }), GAOQIAO);
    expect(announced.data).toEqual({ announceRandomDraw: { towns: ['高桥镇'] } });
  });
});

/** Run after the regulator whose it is has acted: an allowed relation may meet a later state's refusal, never FORBIDDEN. */
describe.each(cases('allowed'))('%s, regulator of %s', (_name, _relation, who, query, variables) => {
  it('is not refused for jurisdiction', async () => {
    expect(codes(await api.run(query, variables(), BY[who]))).not.toContain('FORBIDDEN');
  });
});
