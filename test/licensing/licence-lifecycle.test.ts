import { LicenceEvent } from '../../src/licensing/licence-event.entity';
import { LicenceScopeItem } from '../../src/licensing/licence-scope-item.entity';
import { Licence } from '../../src/licensing/licence.entity';
import { LicenceType } from '../../src/licensing/licensing.enums';
import { LicenceLifecycleService } from '../../src/licensing/licence-lifecycle.service';
import { LicenceService } from '../../src/licensing/licence.service';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { AMMONIA, CHLORINE, issueLicence, NITRIC_ACID } from '../support/licensing-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-11-26T02:00:00Z'); // 10:00 in Shanghai, a Thursday

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  for (const n of [200, 201, 202]) await registerEnterprise(db.orm.em, n);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});
afterEach(() => clock.set('2026-11-26T02:00:00Z'));

const count = (entity: typeof Licence | typeof LicenceEvent | typeof LicenceScopeItem) => db.orm.em.fork().count(entity, {});
const service = () => new LicenceLifecycleService(db.orm.em.fork(), clock);

const APPLY = `mutation($input: ApplyForLicenceInput!) {
  applyForLicence(input: $input) { id type number status holderName address legalRepresentative issuingAuthority appliedAt validFrom validUntil
    holder { creditCode } scope { totalCount edges { node { storageAllowed chemical { serial name } } } } events { edges { node { type actor } } } }
}`;
const ISSUE = `mutation($input: IssueLicenceInput!) { issueLicence(input: $input) { id number status validFrom validUntil decidedAt } }`;
const applyInput = (holder: string, extra: Record<string, unknown> = {}) => ({
  holder,
  type: 'HAZCHEM_BUSINESS',
  legalRepresentative: '李四',
  issuingAuthority: '浦东新区应急管理局',
  scope: [{ chemicalSerial: CHLORINE, storageAllowed: true }, { chemicalSerial: AMMONIA }],
  ...extra,
});
const step = (name: string) => `mutation($input: LicenceActionInput!) { ${name}(input: $input) { id status reissueCount events { edges { node { type reason } } } } }`;

describe('application and issue', () => {
  it('an enterprise applies for itself; holder name and address default to the registry', async () => {
    const result = await api.run(APPLY, { input: applyInput(creditCode(200)) }, enterpriseViewer(creditCode(200)));
    expect(result.errors).toBeUndefined();
    expect(result.data!.applyForLicence).toMatchObject({
      type: 'HAZCHEM_BUSINESS',
      number: null,
      status: 'PENDING',
      holderName: '企业200',
      holder: { creditCode: creditCode(200) },
      appliedAt: new Date('2026-11-26T02:00:00.000Z'),
      scope: { totalCount: 2, edges: [{ node: { storageAllowed: true, chemical: { serial: CHLORINE, name: '氯' } } }, { node: { storageAllowed: false } }] },
      events: { edges: [{ node: { type: 'APPLIED', actor: `user-${creditCode(200)}` } }] },
    });
  });

  it('refuses an application for another enterprise, anonymous callers, and bad scopes, writing nothing', async () => {
    const before = [await count(Licence), await count(LicenceEvent), await count(LicenceScopeItem)];
    expect(codes(await api.run(APPLY, { input: applyInput(creditCode(201)) }, enterpriseViewer(creditCode(200))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(APPLY, { input: applyInput(creditCode(201)) }, anonymous))).toEqual(['UNAUTHENTICATED']);
    const empty = await api.run(APPLY, { input: applyInput(creditCode(201), { scope: [] }) }, regulator);
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.errors![0].extensions!.field).toBe('input.scope');
    const twice = await api.run(APPLY, { input: applyInput(creditCode(201), { scope: [{ chemicalSerial: 2 }, { chemicalSerial: 2 }] }) }, regulator);
    expect(twice.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scope.1.chemicalSerial' });
    const unknown = await api.run(APPLY, { input: applyInput(creditCode(201), { scope: [{ chemicalSerial: 9999 }] }) }, regulator);
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.scope.0.chemicalSerial' });
    const noRep = await api.run(APPLY, { input: applyInput(creditCode(201), { legalRepresentative: ' ' }) }, regulator);
    expect(noRep.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.legalRepresentative' });
    const nobody = await api.run(APPLY, { input: applyInput(creditCode(299)) }, regulator);
    expect(nobody.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.holder' });
    expect([await count(Licence), await count(LicenceEvent), await count(LicenceScopeItem)]).toEqual(before);
  });

  it('a regulator issues it, valid 3 years by default from the decision date', async () => {
    const applied = await api.run(APPLY, { input: applyInput(creditCode(201)) }, regulator);
    const id = applied.data!.applyForLicence.id;
    clock.set('2026-12-10T03:00:00Z');
    const refused = await api.run(ISSUE, { input: { licenceId: id, number: '沪危化经〔2026〕001' } }, enterpriseViewer(creditCode(201)));
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const result = await api.run(ISSUE, { input: { licenceId: id, number: '沪危化经〔2026〕001' } }, regulator);
    expect(result.errors).toBeUndefined();
    expect(result.data!.issueLicence).toMatchObject({ number: '沪危化经〔2026〕001', status: 'VALID', validFrom: '2026-12-10', validUntil: '2029-12-09', decidedAt: new Date('2026-12-10T03:00:00.000Z') });
  });

  it('refuses a used number as CONFLICT and a second issue as INVALID_LICENCE_TRANSITION, writing nothing', async () => {
    const applied = await service().applyForLicence(regulator, applyInput(creditCode(202)) as never);
    const before = await count(LicenceEvent);
    const dup = await api.run(ISSUE, { input: { licenceId: applied.id, number: '沪危化经〔2026〕001' } }, regulator);
    expect(dup.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.number' });
    const backwards = await api.run(ISSUE, { input: { licenceId: applied.id, number: 'X-2', validFrom: '2027-01-01', validUntil: '2026-12-31' } }, regulator);
    expect(backwards.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.validUntil' });
    await api.run(ISSUE, { input: { licenceId: applied.id, number: 'X-2' } }, regulator);
    const again = await api.run(ISSUE, { input: { licenceId: applied.id, number: 'X-3' } }, regulator);
    expect(again.errors![0].extensions).toMatchObject({ code: 'INVALID_LICENCE_TRANSITION', event: 'ISSUED', status: 'VALID' });
    expect(await count(LicenceEvent)).toBe(before + 1);
    const missing = await api.run(ISSUE, { input: { licenceId: '999999', number: 'X-4' } }, regulator);
    expect(codes(missing)).toEqual(['NOT_FOUND']);
  });

  it('a refusal needs a reason and decides the application', async () => {
    const applied = await service().applyForLicence(regulator, applyInput(creditCode(202), { type: 'SAFE_USE' }) as never);
    const noReason = await api.run(step('refuseLicence'), { input: { licenceId: applied.id } }, regulator);
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const result = await api.run(step('refuseLicence'), { input: { licenceId: applied.id, reason: '条件不符' } }, regulator);
    expect(result.data!.refuseLicence.status).toBe('REFUSED');
    expect(codes(await api.run(ISSUE, { input: { licenceId: applied.id, number: 'X-5' } }, regulator))).toEqual(['INVALID_LICENCE_TRANSITION']);
  });
});

describe('changes in one call', () => {
  it('CHANGED keeps before and after; REISSUED counts certificates; SCOPE_ADDED extends the scope', async () => {
    const licence = await issueLicence(db.orm.em, clock, creditCode(200));
    const change = await api.run(
      `mutation($input: ChangeLicenceInput!) { changeLicence(input: $input) { holderName legalRepresentative address events { edges { node { type details } } } } }`,
      { input: { licenceId: licence.id, holderName: '新企业名', legalRepresentative: '王五' } },
      regulator,
    );
    expect(change.errors).toBeUndefined();
    expect(change.data!.changeLicence).toMatchObject({ holderName: '新企业名', legalRepresentative: '王五', address: '上海市某区某路200号' });
    expect(change.data!.changeLicence.events.edges[2].node).toEqual({
      type: 'CHANGED',
      details: { before: { holderName: '企业200', legalRepresentative: '张三' }, after: { holderName: '新企业名', legalRepresentative: '王五' } },
    });
    const nothing = await api.run(`mutation($input: ChangeLicenceInput!) { changeLicence(input: $input) { id } }`, { input: { licenceId: licence.id } }, regulator);
    expect(codes(nothing)).toEqual(['BAD_USER_INPUT']);

    const reissued = await api.run(step('reissueLicence'), { input: { licenceId: licence.id, reason: '遗失' } }, regulator);
    expect(reissued.data!.reissueLicence).toMatchObject({ status: 'VALID', reissueCount: 1 });

    const ADD = `mutation($input: AddLicenceScopeInput!) { addLicenceScope(input: $input) { scope { edges { node { chemical { serial } storageAllowed addedAt } } } } }`;
    clock.advance(3600_000);
    const added = await api.run(ADD, { input: { licenceId: licence.id, items: [{ chemicalSerial: NITRIC_ACID, storageAllowed: false }] } }, regulator);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addLicenceScope.scope.edges.map((e: any) => e.node)).toEqual([
      { chemical: { serial: CHLORINE }, storageAllowed: true, addedAt: new Date('2026-11-26T02:00:00.000Z') },
      { chemical: { serial: NITRIC_ACID }, storageAllowed: false, addedAt: new Date('2026-11-26T03:00:00.000Z') },
    ]);
    const before = await count(LicenceScopeItem);
    const dup = await api.run(ADD, { input: { licenceId: licence.id, items: [{ chemicalSerial: AMMONIA }, { chemicalSerial: CHLORINE }] } }, regulator);
    expect(dup.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.items.1.chemicalSerial' });
    expect(await count(LicenceScopeItem)).toBe(before);
  });
});

describe('suspension, revocation, cancellation, expiry', () => {
  it('runs the transition table, and refuses what it does not allow', async () => {
    const licence = await issueLicence(db.orm.em, clock, creditCode(201), { type: LicenceType.SAFE_USE });
    const run = async (name: string, reason?: string) => (await api.run(step(name), { input: { licenceId: licence.id, reason } }, regulator));
    expect(codes(await run('reinstateLicence'))).toEqual(['INVALID_LICENCE_TRANSITION']);
    expect(codes(await run('suspendLicence'))).toEqual(['BAD_USER_INPUT']);
    expect((await run('suspendLicence', '整改')).data!.suspendLicence.status).toBe('SUSPENDED');
    expect(codes(await run('suspendLicence', '再次'))).toEqual(['INVALID_LICENCE_TRANSITION']);
    const scope = await api.run(`mutation($input: AddLicenceScopeInput!) { addLicenceScope(input: $input) { id } }`, { input: { licenceId: licence.id, items: [{ chemicalSerial: AMMONIA }] } }, regulator);
    expect(scope.errors![0].extensions).toMatchObject({ code: 'INVALID_LICENCE_TRANSITION', status: 'SUSPENDED' });
    expect((await run('reinstateLicence')).data!.reinstateLicence.status).toBe('VALID');
    const revoked = await run('revokeLicence', '吊销');
    expect(revoked.data!.revokeLicence.status).toBe('REVOKED');
    expect(revoked.data!.revokeLicence.events.edges.map((e: any) => e.node.type)).toEqual(['APPLIED', 'ISSUED', 'SUSPENDED', 'REINSTATED', 'REVOKED']);
    for (const name of ['cancelLicence', 'suspendLicence', 'reissueLicence', 'reinstateLicence']) {
      expect(codes(await run(name, 'x'))).toEqual(['INVALID_LICENCE_TRANSITION']);
    }
  });

  it('derives EXPIRED from the date: an expired licence cannot be changed, but can be cancelled', async () => {
    const licence = await issueLicence(db.orm.em, clock, creditCode(202), { validUntil: '2026-12-31' });
    const q = `query($id: ID!) { licence(id: $id) { status } }`;
    expect((await api.run(q, { id: licence.id }, regulator)).data!.licence.status).toBe('VALID');
    clock.set('2026-12-31T15:59:59Z'); // 23:59:59 on the last day
    expect((await api.run(q, { id: licence.id }, regulator)).data!.licence.status).toBe('VALID');
    clock.set('2026-12-31T16:00:00Z');
    expect((await api.run(q, { id: licence.id }, regulator)).data!.licence.status).toBe('EXPIRED');
    const stored = await db.orm.em.fork().findOneOrFail(Licence, { id: licence.id });
    expect(stored.state).toBe('VALID'); // nothing stale stored
    const change = await api.run(step('reissueLicence'), { input: { licenceId: licence.id } }, regulator);
    expect(change.errors![0].extensions).toMatchObject({ code: 'INVALID_LICENCE_TRANSITION', status: 'EXPIRED' });
    const cancelled = await api.run(step('cancelLicence'), { input: { licenceId: licence.id, reason: '到期注销' } }, regulator);
    expect(cancelled.data!.cancelLicence.status).toBe('CANCELLED');
  });
});

describe('reading licences', () => {
  it('filters by holder, type and status as of now; an enterprise sees only its own', async () => {
    clock.set('2027-06-01T00:00:00Z');
    const all = await api.run(`{ licences(first: 100) { totalCount edges { node { holder { creditCode } status type } } } }`, {}, regulator);
    expect(all.errors).toBeUndefined();
    const statuses = all.data!.licences.edges.map((e: any) => e.node.status);
    const valid = await api.run(`{ licences(status: VALID) { totalCount } }`, {}, regulator);
    expect(valid.data!.licences.totalCount).toBe(statuses.filter((s: string) => s === 'VALID').length);
    for (const status of ['PENDING', 'REFUSED', 'REVOKED', 'CANCELLED', 'EXPIRED', 'SUSPENDED']) {
      const r = await api.run(`query($s: LicenceStatus) { licences(status: $s) { totalCount } }`, { s: status }, regulator);
      expect([status, r.data!.licences.totalCount]).toEqual([status, statuses.filter((s: string) => s === status).length]);
    }
    const own = await api.run(`{ licences(first: 100) { edges { node { holder { creditCode } } } } }`, {}, enterpriseViewer(creditCode(200)));
    expect(new Set(own.data!.licences.edges.map((e: any) => e.node.holder.creditCode))).toEqual(new Set([creditCode(200)]));
    const other = await api.run(`query($h: CreditCode) { licences(holder: $h) { totalCount } }`, { h: creditCode(201) }, enterpriseViewer(creditCode(200)));
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const byType = await api.run(`{ licences(type: SAFE_USE) { edges { node { type } } } }`, {}, regulator);
    expect(byType.data!.licences.edges.every((e: any) => e.node.type === 'SAFE_USE')).toBe(true);
  });

  it("reaches an enterprise's licences from the enterprise; another enterprise's licence is FORBIDDEN to an enterprise token", async () => {
    const q = `query($c: CreditCode!) { enterprise(creditCode: $c) { licences { totalCount edges { node { number status statutoryWorkingDays } } } } }`;
    const result = await api.run(q, { c: creditCode(201) }, regulator);
    expect(result.errors).toBeUndefined();
    expect(result.data!.enterprise.licences.totalCount).toBeGreaterThan(0);
    const someone = (await new LicenceService(db.orm.em.fork(), clock).licences(regulator, { holder: creditCode(201) }, {})).edges[0].node;
    const forbidden = await api.run(`query($id: ID!) { licence(id: $id) { number } }`, { id: someone.id }, enterpriseViewer(creditCode(200)));
    expect(codes(forbidden)).toEqual(['FORBIDDEN']);
  });
});

describe('the event history is append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on licence_event', async () => {
    const conn = db.orm.em.getConnection();
    await expect(conn.execute(`update licence_event set actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from licence_event`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`truncate licence_event cascade`)).rejects.toThrow(/append-only/);
  });
});
