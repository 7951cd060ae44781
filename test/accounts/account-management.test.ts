/**
 * CITY and DISTRICT regulators manage the accounts of their own level and below: regulators of those
 * levels and users of enterprises enforced there; never administrators, partners, a level above, or an
 * enterprise enforced above. Each refusal FORBIDDEN naming the field, nothing written.
 */
import { Role, Viewer } from '../../src/access/viewer';
import { User } from '../../src/accounts/user.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { createUser, PASSWORD } from '../support/account-fixtures';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, registerEnterprise, regulator } from '../support/fixtures';
import { rowCounts } from '../support/row-counts';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const signedIn = (user: User): Viewer => ({ role: Role.REGULATOR, subject: user.loginName, level: user.level!, ...(user.town ? { town: user.town } : {}), user: user.id });
const TOWN_ENTERPRISE = creditCode(1501);
const CITY_ENTERPRISE = creditCode(1502);
let district: Viewer;
let town: Viewer;
let city: Viewer;
let cityRegulator: User;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  await registerEnterprise(db.orm.em, 1501, { enforcementLevel: EnforcementLevel.TOWN });
  await registerEnterprise(db.orm.em, 1502, { enforcementLevel: EnforcementLevel.CITY });
  district = signedIn(await createUser(db.orm.em, 'district.head', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT }));
  town = signedIn(await createUser(db.orm.em, 'town.head', { role: Role.REGULATOR, level: EnforcementLevel.TOWN, town: '高桥镇' }));
  cityRegulator = await createUser(db.orm.em, 'city.head', { role: Role.REGULATOR, level: EnforcementLevel.CITY });
  city = signedIn(cityRegulator);
  await createUser(db.orm.em, 'city.ent', { role: Role.ENTERPRISE, enterprise: CITY_ENTERPRISE });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

/** Every table but the regulators' read log: a refused read is audited, by design; nothing else is written. */
const written = async () => {
  const { regulator_read_log: _reads, ...tables } = await rowCounts(db.orm);
  return tables;
};
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { loginName role level town enterprise } }`;
const input = (extra: Record<string, unknown>) => ({ input: { displayName: '李四', password: PASSWORD, ...extra } });

describe('a DISTRICT regulator', () => {
  it('creates TOWN and DISTRICT regulators and users of enterprises enforced there, and lists only those it manages', async () => {
    for (const extra of [
      { loginName: 'new.town', role: 'REGULATOR', level: 'TOWN', town: '新桥镇' },
      { loginName: 'new.district', role: 'REGULATOR', level: 'DISTRICT' },
      { loginName: 'new.ent', role: 'ENTERPRISE', enterprise: TOWN_ENTERPRISE },
    ]) {
      expect((await api.run(CREATE, input(extra), district)).errors).toBeUndefined();
    }
    const listed = await api.run(`query { users(first: 50) { edges { node { loginName } } } }`, {}, district);
    expect(listed.data!.users.edges.map((e: { node: { loginName: string } }) => e.node.loginName).sort()).toEqual(['district.head', 'new.district', 'new.ent', 'new.town', 'town.head']);
  });

  /** [what, the input or the account, the field named] */
  const REFUSED: [string, Record<string, unknown>, string][] = [
    ['a CITY regulator', { loginName: 'up.city', role: 'REGULATOR', level: 'CITY' }, 'input.level'],
    ['a user of an enterprise enforced by the CITY', { loginName: 'up.ent', role: 'ENTERPRISE', enterprise: CITY_ENTERPRISE }, 'input.enterprise'],
    ['an administrator', { loginName: 'up.admin', role: 'ADMIN' }, 'input.role'],
    ['a partner department user', { loginName: 'up.fire', role: 'PARTNER', department: 'FIRE_RESCUE' }, 'input.role'],
  ];
  it.each(REFUSED)('may not create %s (FORBIDDEN naming the field, nothing written)', async (_what, extra, field) => {
    const before = await written();
    const result = await api.run(CREATE, input(extra), district);
    expect(codes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0].extensions!.field).toBe(field);
    expect(await written()).toEqual(before);
  });

  it('may not disable, change or read an account above it, nor raise one to CITY', async () => {
    const before = await written();
    const disabled = await api.run(`mutation($id: ID!) { disableUser(userId: $id) { id } }`, { id: cityRegulator.id }, district);
    expect(codes(disabled)).toEqual(['FORBIDDEN']);
    expect(disabled.errors![0].extensions!.field).toBe('userId');
    expect(codes(await api.run(`query($id: ID!) { user(id: $id) { id } }`, { id: cityRegulator.id }, district))).toEqual(['FORBIDDEN']);
    const townUser = await db.orm.em.fork().findOneOrFail(User, { loginName: 'new.town' });
    const raised = await api.run(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { level } }`, { input: { userId: townUser.id, level: 'CITY', town: null } }, district);
    expect(codes(raised)).toEqual(['FORBIDDEN']);
    expect(raised.errors![0].extensions!.field).toBe('input.level');
    expect(await written()).toEqual(before);
    const disabledTown = await api.run(`mutation($id: ID!) { disableUser(userId: $id) { disabledAt } }`, { id: townUser.id }, district);
    expect(disabledTown.errors).toBeUndefined();
  });
});

describe('who manages no accounts', () => {
  it('a TOWN regulator and a script regulator token are FORBIDDEN, writing nothing; a CITY regulator manages DISTRICT ones', async () => {
    const before = await written();
    for (const viewer of [town, regulator]) {
      expect(codes(await api.run(CREATE, input({ loginName: 'no.one', role: 'REGULATOR', level: 'TOWN', town: '高桥镇' }), viewer))).toEqual(['FORBIDDEN']);
      expect(codes(await api.run(`query { users(first: 5) { totalCount } }`, {}, viewer))).toEqual(['FORBIDDEN']);
    }
    expect(await written()).toEqual(before);
    expect((await api.run(CREATE, input({ loginName: 'by.city', role: 'REGULATOR', level: 'DISTRICT' }), city)).errors).toBeUndefined();
    expect((await api.run(CREATE, input({ loginName: 'city.ent2', role: 'ENTERPRISE', enterprise: CITY_ENTERPRISE }), city)).errors).toBeUndefined();
  });
});
