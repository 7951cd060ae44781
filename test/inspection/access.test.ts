
import { InspectionType } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { codes, createTestApi } from '../support/api';
import { countStatements } from '../support/statements';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, anonymous, creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
let joint: Inspection;
let plain: Inspection;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 1);
  await registerEnterprise(db.orm.em, 2);
  joint = await schedule(db.orm.em, clock, creditCode(1), { type: InspectionType.JOINT, trigger: null, departments: ['FIRE_RESCUE', 'ECOLOGY_ENVIRONMENT'] });
  plain = await schedule(db.orm.em, clock, creditCode(2));
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const ONE = `query($id: ID!) { inspection(id: $id) { id type enterprise { creditCode } } }`;
const LIST = `query($e: CreditCode) { inspections(enterprise: $e) { totalCount edges { node { id } } } }`;
const ids = (result: any) => result.data!.inspections.edges.map((e: any) => e.node.id);

describe('who reads inspections', () => {
  it('regulators and admins read every inspection', async () => {
    for (const viewer of [regulator, admin]) {
      expect((await api.run(ONE, { id: joint.id }, viewer)).data!.inspection.type).toBe('JOINT');
      expect(ids(await api.run(LIST, {}, viewer))).toEqual([joint.id, plain.id]);
    }
  });

  it('an enterprise reads its own, never another', async () => {
    const own = enterpriseViewer(creditCode(1));
    expect((await api.run(ONE, { id: joint.id }, own)).data!.inspection.enterprise.creditCode).toBe(creditCode(1));
    expect(codes(await api.run(ONE, { id: plain.id }, own))).toEqual(['FORBIDDEN']);
    expect(ids(await api.run(LIST, {}, own))).toEqual([joint.id]);
    expect(codes(await api.run(LIST, { e: creditCode(2) }, own))).toEqual(['FORBIDDEN']);
  });

  it('a partner department reads the inspections it takes part in, and nothing else', async () => {
    const fire = partner('FIRE_RESCUE');
    expect((await api.run(ONE, { id: joint.id }, fire)).data!.inspection.type).toBe('JOINT');
    expect(codes(await api.run(ONE, { id: plain.id }, fire))).toEqual(['FORBIDDEN']);
    expect(ids(await api.run(LIST, {}, fire))).toEqual([joint.id]);
    const transport = partner('TRANSPORT');
    expect(codes(await api.run(ONE, { id: joint.id }, transport))).toEqual(['FORBIDDEN']);
    expect(ids(await api.run(LIST, {}, transport))).toEqual([]);
    // The enterprise's evaluation is not theirs to read.
    expect(codes(await api.run(`query($id: ID!) { inspection(id: $id) { evaluation { rating } } }`, { id: joint.id }, fire))).toEqual(['FORBIDDEN']);
  });

  it('anonymous callers read nothing but the public code view', async () => {
    expect(codes(await api.run(ONE, { id: joint.id }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(LIST, {}, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(`query($c: String!) { inspectionByCode(code: $c) { status } }`, { c: joint.code }, anonymous))).toEqual([]);
  });

  it('an unknown or malformed id is NOT_FOUND or BAD_USER_INPUT', async () => {
    expect(codes(await api.run(ONE, { id: '999999' }, regulator))).toEqual(['NOT_FOUND']);
    expect(codes(await api.run(ONE, { id: 'abc' }, regulator))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Enterprise.inspections', () => {
  const HISTORY = `query($c: CreditCode!) { enterprise(creditCode: $c) { inspections(year: 2025) { totalCount edges { node { id status } } } } }`;

  it('shows the history to regulators and to the enterprise itself', async () => {
    const byRegulator = await api.run(HISTORY, { c: creditCode(1) }, regulator);
    expect(byRegulator.errors).toBeUndefined();
    expect(byRegulator.data!.enterprise.inspections.edges.map((e: any) => e.node.id)).toEqual([joint.id]);
    const byItself = await api.run(HISTORY, { c: creditCode(1) }, enterpriseViewer(creditCode(1)));
    expect(byItself.data!.enterprise.inspections.totalCount).toBe(1);
  });

  it('is refused to partners, even those holding the ENTERPRISES mandate', async () => {
    const result = await api.run(HISTORY, { c: creditCode(1) }, partner('FIRE_RESCUE'));
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });

  it('is batched: the number of SQL statements does not grow with enterprises', async () => {
    const run = async () => {
      const { result, statements } = await countStatements(() =>
        api.run(
          `{ enterprises(first: 20) { edges { node { inspections(first: 5) { edges { node { code checklist(first: 5) { totalCount } findings(first: 5) { totalCount } penalty { penalized } plan { title } } } } } } } }`,
          {},
          regulator,
        ),
      );
      expect(result.errors).toBeUndefined();
      return statements;
    };
    const small = await run();
    for (let i = 10; i < 16; i++) {
      await registerEnterprise(db.orm.em, i);
      await schedule(db.orm.em, clock, creditCode(i));
    }
    expect(await run()).toBe(small);
  });
});
