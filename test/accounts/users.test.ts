import { Role } from '../../src/access/viewer';
import { AccountEvent } from '../../src/accounts/account-event.entity';
import { AccountAction } from '../../src/accounts/accounts.enums';
import { User } from '../../src/accounts/user.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { createUser, PASSWORD } from '../support/account-fixtures';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const CODE = creditCode(1300);

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  await registerEnterprise(db.orm.em, 1300);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id loginName displayName role level town department enterprise disabledAt sessionEpoch } }`;
const counts = async () => ({ users: await db.orm.em.fork().count(User, {}), events: await db.orm.em.fork().count(AccountEvent, {}) });
const input = (extra: Record<string, unknown>) => ({ displayName: '张三丰', password: PASSWORD, ...extra });

describe('creating accounts', () => {
  it('an administrator creates one account of each role, each with what its role needs', async () => {
    const made = await Promise.all([
      api.run(CREATE, { input: input({ loginName: 'Root.Admin', role: 'ADMIN' }) }, admin),
      api.run(CREATE, { input: input({ loginName: 'city-1', role: 'REGULATOR', level: 'CITY' }) }, admin),
      api.run(CREATE, { input: input({ loginName: 'town-1', role: 'REGULATOR', level: 'TOWN', town: ' 高桥镇 ' }) }, admin),
      api.run(CREATE, { input: input({ loginName: 'fire-1', role: 'PARTNER', department: 'FIRE_RESCUE' }) }, admin),
      api.run(CREATE, { input: input({ loginName: 'ent-1', role: 'ENTERPRISE', enterprise: CODE }) }, admin),
    ]);
    for (const result of made) expect(result.errors).toBeUndefined();
    expect(made[0].data!.createUser).toMatchObject({ loginName: 'root.admin', role: 'ADMIN', level: null, disabledAt: null, sessionEpoch: 0 });
    expect(made[2].data!.createUser).toMatchObject({ role: 'REGULATOR', level: 'TOWN', town: '高桥镇' });
    expect(made[4].data!.createUser).toMatchObject({ role: 'ENTERPRISE', enterprise: CODE });
    const stored = await db.orm.em.fork().findOneOrFail(User, { loginName: 'city-1' }, { populate: ['passwordHash'] });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const created = await db.orm.em.fork().find(AccountEvent, { userId: stored.id });
    expect(created).toEqual([expect.objectContaining({ action: AccountAction.CREATED, actor: 'ADMIN:admin-1' })]);
    expect(JSON.stringify(created[0].details)).not.toContain(PASSWORD);
  });

  it.each([
    ['a REGULATOR without level', { loginName: 'r1', role: 'REGULATOR' }, 'BAD_USER_INPUT', 'input.level'],
    ['a TOWN regulator without town', { loginName: 'r2', role: 'REGULATOR', level: 'TOWN' }, 'BAD_USER_INPUT', 'input.town'],
    ['a DISTRICT regulator with a town', { loginName: 'r3', role: 'REGULATOR', level: 'DISTRICT', town: '高桥镇' }, 'BAD_USER_INPUT', 'input.town'],
    ['a PARTNER without department', { loginName: 'p1', role: 'PARTNER' }, 'BAD_USER_INPUT', 'input.department'],
    ['a PARTNER with an enterprise', { loginName: 'p2', role: 'PARTNER', department: 'TRANSPORT', enterprise: CODE }, 'BAD_USER_INPUT', 'input.enterprise'],
    ['an ENTERPRISE user of no registered enterprise', { loginName: 'e1', role: 'ENTERPRISE', enterprise: creditCode(1399) }, 'NOT_FOUND', 'input.enterprise'],
    ['an ADMIN with a level', { loginName: 'a1', role: 'ADMIN', level: 'CITY' }, 'BAD_USER_INPUT', 'input.level'],
    ['a login name with a space', { loginName: 'li si', role: 'ADMIN' }, 'BAD_USER_INPUT', 'input.loginName'],
    ['a password of 11 characters', { loginName: 'a2', role: 'ADMIN', password: 'abcdefghijk' }, 'BAD_USER_INPUT', 'input.password'],
    ['a password holding the login name', { loginName: 'wangwu', role: 'ADMIN', password: 'my-WangWu-password' }, 'BAD_USER_INPUT', 'input.password'],
    ['a password holding the display name', { loginName: 'a3', role: 'ADMIN', password: 'xx张三丰xxxxxxxxx' }, 'BAD_USER_INPUT', 'input.password'],
    ['a login name already taken', { loginName: 'CITY-1', role: 'ADMIN' }, 'CONFLICT', 'input.loginName'],
  ])('refuses %s, naming the field and writing nothing', async (_name, extra, code, field) => {
    const before = await counts();
    const result = await api.run(CREATE, { input: input(extra) }, admin);
    expect(codes(result)).toEqual([code]);
    expect(result.errors![0].extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('only an administrator manages accounts: others are refused and nothing is written', async () => {
    const before = await counts();
    expect(codes(await api.run(CREATE, { input: input({ loginName: 'x1', role: 'ADMIN' }) }, regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(CREATE, { input: input({ loginName: 'x2', role: 'ADMIN' }) }, enterpriseViewer(CODE)))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(CREATE, { input: input({ loginName: 'x3', role: 'ADMIN' }) }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(`{ users { totalCount } }`, {}, regulator))).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });

  it('the database itself refuses a row without what its role needs', async () => {
    const sql = `insert into users (login_name, display_name, role, password_hash, created_at, updated_at) values ('raw', 'raw', 'REGULATOR', 'x', now(), now())`;
    await expect(db.orm.em.getConnection().execute(sql)).rejects.toThrow(/users_role_fields_check/);
  });
});

describe('changing accounts', () => {
  it('a role change drops the old role fields, raises the session epoch and is recorded with before and after', async () => {
    const user = await createUser(db.orm.em, 'mover', { role: Role.REGULATOR, level: EnforcementLevel.CITY });
    const result = await api.run(
      `mutation($id: ID!) { updateUser(input: { userId: $id, role: REGULATOR, level: TOWN, town: "新桥镇" }) { role level town sessionEpoch } }`,
      { id: user.id },
      admin,
    );
    expect(result.data!.updateUser).toEqual({ role: 'REGULATOR', level: 'TOWN', town: '新桥镇', sessionEpoch: 1 });
    const changed = await api.run(`mutation($id: ID!) { updateUser(input: { userId: $id, role: PARTNER, department: TRANSPORT }) { role level town department } }`, { id: user.id }, admin);
    expect(changed.data!.updateUser).toEqual({ role: 'PARTNER', level: null, town: null, department: 'TRANSPORT' });
    const events = await db.orm.em.fork().find(AccountEvent, { userId: user.id }, { orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual([AccountAction.CREATED, AccountAction.ROLE_CHANGED, AccountAction.ROLE_CHANGED]);
    expect(events[1].details).toMatchObject({ level: { from: 'CITY', to: 'TOWN' }, town: { from: null, to: '新桥镇' } });
  });

  it('a bad change is refused whole; an unknown user is NOT_FOUND', async () => {
    const user = await createUser(db.orm.em, 'stayer', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
    const before = await counts();
    const bad = await api.run(`mutation($id: ID!) { updateUser(input: { userId: $id, level: TOWN, displayName: "新名字" }) { id } }`, { id: user.id }, admin);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.field).toBe('input.town');
    expect(codes(await api.run(`mutation { disableUser(userId: "987654") { id } }`, {}, admin))).toEqual(['NOT_FOUND']);
    expect(codes(await api.run(`mutation { disableUser(userId: "abc") { id } }`, {}, admin))).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
    expect(await db.orm.em.fork().findOneOrFail(User, { id: user.id })).toMatchObject({ displayName: '用户stayer', level: EnforcementLevel.DISTRICT });
  });

  it('disable, enable and revokeSessions are recorded; the account events cannot be edited', async () => {
    const user = await createUser(db.orm.em, 'toggler');
    for (const m of ['disableUser', 'enableUser', 'revokeSessions']) {
      const result = await api.run(`mutation($id: ID!) { ${m}(userId: $id) { disabledAt sessionEpoch } }`, { id: user.id }, admin);
      expect(result.errors).toBeUndefined();
    }
    const stored = await db.orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(stored.disabledAt).toBeNull();
    expect(stored.sessionEpoch).toBe(2);
    const events = await db.orm.em.fork().find(AccountEvent, { userId: user.id }, { orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual([AccountAction.CREATED, AccountAction.DISABLED, AccountAction.ENABLED, AccountAction.SESSIONS_REVOKED]);
    await expect(db.orm.em.getConnection().execute(`update account_event set actor = 'x' where user_id = ${user.id}`)).rejects.toThrow(/append-only/);
    await expect(db.orm.em.getConnection().execute(`delete from account_event`)).rejects.toThrow(/append-only/);
  });

  it('an administrator cannot disable their own account', async () => {
    const me = await createUser(db.orm.em, 'self-admin');
    const result = await api.run(`mutation($id: ID!) { disableUser(userId: $id) { id } }`, { id: me.id }, { role: Role.ADMIN, subject: 'self-admin', user: me.id });
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });
});

describe('reading accounts', () => {
  it('users pages by role; user by id; me is the caller, null for a token no account stands behind', async () => {
    const page = await api.run(`{ users(role: REGULATOR, first: 1) { totalCount edges { node { loginName } } pageInfo { hasNextPage } } }`, {}, admin);
    expect(page.data!.users.totalCount).toBeGreaterThanOrEqual(2);
    expect(page.data!.users.pageInfo.hasNextPage).toBe(true);
    const someone = await db.orm.em.fork().findOneOrFail(User, { loginName: 'fire-1' });
    expect((await api.run(`query($id: ID!) { user(id: $id) { loginName department } }`, { id: someone.id }, admin)).data!.user).toEqual({ loginName: 'fire-1', department: 'FIRE_RESCUE' });
    expect((await api.run(`{ me { loginName } }`, {}, { role: Role.PARTNER, subject: 'fire-1', department: someone.department!, mandates: [], user: someone.id })).data!.me).toEqual({ loginName: 'fire-1' });
    expect((await api.run(`{ me { loginName } }`, {}, regulator)).data!.me).toBeNull();
  });
});

describe("a regulator's area", () => {
  it('is its town at TOWN, the deployment\'s district at DISTRICT (DEPLOYMENT_DISTRICT, default 松江区), none at CITY or for other roles', async () => {
    const district = await createUser(db.orm.em, 'district-area', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
    const area = async (loginName: string, run = api.run) => {
      const user = await db.orm.em.fork().findOneOrFail(User, { loginName });
      const result = await run(`{ me { loginName area } }`, {}, { role: Role.ADMIN, subject: loginName, user: user.id });
      expect(result.errors).toBeUndefined();
      return result.data!.me.area;
    };
    expect(await area(district.loginName)).toBe('松江区');
    expect(await area('town-1')).toBe('高桥镇');
    expect(await area('city-1')).toBeNull();
    expect(await area('fire-1')).toBeNull();
    expect(await area('root.admin')).toBeNull();
    // Another deployment names its own district.
    const qingpu = await createTestApi(db, { config: { district: '青浦区' } });
    try {
      expect(await area(district.loginName, qingpu.run)).toBe('青浦区');
      expect(await area('town-1', qingpu.run)).toBe('高桥镇');
    } finally {
      await qingpu.stop();
    }
    // An administrator reading the account sees the same area.
    expect((await api.run(`query($id: ID!) { user(id: $id) { area } }`, { id: district.id }, admin)).data!.user).toEqual({ area: '松江区' });
  });
});

describe('the account log', () => {
  it('an administrator reads sign-ins and account events by user and time; no one else does', async () => {
    const user = await db.orm.em.fork().findOneOrFail(User, { loginName: 'toggler' });
    const events = await api.run(`query($u: ID!) { accountEvents(userId: $u) { totalCount edges { node { action actor } } } }`, { u: user.id }, admin);
    expect(events.data!.accountEvents.edges.map((e: any) => e.node.action)).toEqual(['CREATED', 'DISABLED', 'ENABLED', 'SESSIONS_REVOKED']);
    await api.run(`mutation { login(name: "toggler", password: "not it at all") { accessToken } }`);
    const signIns = await api.run(`{ signIns(loginName: "TOGGLER") { edges { node { loginName outcome address } } } }`, {}, admin);
    expect(signIns.data!.signIns.edges.map((e: any) => e.node)).toEqual([{ loginName: 'toggler', outcome: 'WRONG_CREDENTIALS', address: '127.0.0.1' }]);
    expect(codes(await api.run(`{ signIns { totalCount } }`, {}, regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`{ accountEvents(userId: "x") { totalCount } }`, {}, admin))).toEqual(['BAD_USER_INPUT']);
  });
});
