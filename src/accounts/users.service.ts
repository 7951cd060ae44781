import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { describeViewer, Role, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { AccountEvent } from './account-event.entity';
import { EnforcementLevel } from '../registry/registry.enums';
import { assertManages, managedLevels } from './account-policy';
import { checkRoleFields, normaliseDisplayName, normaliseLoginName, RoleFields } from './account-rules';
import { AccountAction } from './accounts.enums';
import { AccountsError } from './accounts.errors';
import { CreateUserInput, UpdateUserInput } from './accounts.inputs';
import { hashPassword, passwordProblem } from './password';
import { User } from './user.entity';
import { requireActiveDepartments } from '../access/departments.service';

export interface UserFilter {
  role?: Role | null;
  enterprise?: string | null;
  includeDisabled?: boolean | null;
}

/** Accounts: created, changed, disabled and enabled by those who manage them; every change an account_event. */
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async createUser(viewer: Viewer, input: CreateUserInput): Promise<User> {
    const levels = managedLevels(viewer);
    const loginName = normaliseLoginName(input.loginName);
    const displayName = normaliseDisplayName(input.displayName);
    const fields = checkRoleFields({ role: input.role, level: input.level ?? null, town: input.town ?? null, department: input.department ?? null, enterprise: input.enterprise ?? null });
    checkPassword(input.password, loginName, displayName);
    await this.assertManaged(this.em, viewer, levels, fields, INPUT_FIELDS);
    if (fields.department) await requireActiveDepartments(this.em, [fields.department], ['input', 'department'], false);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now();
    try {
      return await this.em.transactional(async (em) => {
        const user = em.create(User, { loginName, displayName, ...fields, passwordHash, sessionEpoch: 0, createdAt: now, updatedAt: now });
        await em.flush();
        recordEvent(em, viewer, user, AccountAction.CREATED, now, { loginName, displayName, ...fields });
        return user;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw AccountsError.loginNameTaken(loginName);
      throw error;
    }
  }

  async updateUser(viewer: Viewer, input: UpdateUserInput): Promise<User> {
    const levels = managedLevels(viewer);
    return this.em.transactional(async (em) => {
      const user = await findUser(em, input.userId, ['input', 'userId']);
      await this.assertManaged(em, viewer, levels, user, USER_ID_FIELDS(['input', 'userId']));
      const now = this.clock.now();
      const role = input.role ?? user.role;
      const roleChanged = role !== user.role;
      // A new role starts from nothing of the old one's; otherwise fields left out stay.
      const keep = <K extends 'level' | 'town' | 'department' | 'enterprise'>(k: K): RoleFields[K] => (input[k] === undefined ? (roleChanged ? null : (user[k] ?? null)) : (input[k] ?? null)) as RoleFields[K];
      const fields = checkRoleFields({ role, level: keep('level'), town: keep('town'), department: keep('department'), enterprise: keep('enterprise') });
      if (roleChanged && isOwnAccount(viewer, user)) throw AccountsError.cannotDisableSelf();
      const displayName = input.displayName == null ? user.displayName : normaliseDisplayName(input.displayName);
      await this.assertManaged(em, viewer, levels, fields, INPUT_FIELDS);
      if (fields.department && fields.department !== user.department) await requireActiveDepartments(em, [fields.department], ['input', 'department'], false);
      const before = snapshot(user);
      const areaChanged = (Object.keys(fields) as (keyof RoleFields)[]).some((k) => (before[k] ?? null) !== fields[k]);
      em.assign(user, { ...fields, displayName, updatedAt: now });
      if (input.password != null) {
        checkPassword(input.password, user.loginName, displayName, ['input', 'password']);
        user.passwordHash = await hashPassword(input.password);
        recordEvent(em, viewer, user, AccountAction.PASSWORD_CHANGED, now, {});
      }
      // What a token states (role, level, town, department, enterprise) must not outlive a change of it.
      if (areaChanged || input.password != null) user.sessionEpoch += 1;
      const after = snapshot(user);
      const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof typeof before] !== v).map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]));
      if (Object.keys(changed).length > 0) recordEvent(em, viewer, user, areaChanged ? AccountAction.ROLE_CHANGED : AccountAction.UPDATED, now, changed);
      await em.flush();
      return user;
    });
  }

  disableUser(viewer: Viewer, userId: string): Promise<User> {
    return this.change(viewer, userId, AccountAction.DISABLED, (user, now) => {
      if (isOwnAccount(viewer, user)) throw AccountsError.cannotDisableSelf();
      if (user.disabledAt) return false;
      user.disabledAt = now;
      user.sessionEpoch += 1;
      return true;
    });
  }

  enableUser(viewer: Viewer, userId: string): Promise<User> {
    return this.change(viewer, userId, AccountAction.ENABLED, (user) => {
      if (!user.disabledAt) return false;
      user.disabledAt = null;
      return true;
    });
  }

  /** Ends every session of the user at once: its access tokens fail on their next request, its refresh tokens on their next use. */
  revokeSessions(viewer: Viewer, userId: string): Promise<User> {
    return this.change(viewer, userId, AccountAction.SESSIONS_REVOKED, (user) => {
      user.sessionEpoch += 1;
      return true;
    });
  }

  async users(viewer: Viewer, filter: UserFilter, page: PageArgs): Promise<Page<User>> {
    const levels = managedLevels(viewer);
    const where: Record<string, unknown> = levels === null ? {} : await this.managedWhere(levels);
    if (filter.role) where.role = filter.role;
    if (filter.enterprise) where.enterprise = filter.enterprise;
    if (filter.includeDisabled === false) where.disabledAt = null;
    return paginate(this.em, User, where, page);
  }

  async user(viewer: Viewer, userId: string): Promise<User | null> {
    const levels = managedLevels(viewer);
    if (!/^\d{1,18}$/.test(userId)) return null;
    const user = await this.em.findOne(User, { id: userId });
    if (user) await this.assertManaged(this.em, viewer, levels, user, USER_ID_FIELDS(['id']));
    return user;
  }

  /** The signed-in user; null for a token no account stands behind (`npm run token`, API keys). */
  async me(viewer: Viewer): Promise<User | null> {
    if (viewer.role === null || !viewer.user) return null;
    return this.em.findOne(User, { id: viewer.user });
  }

  private async change(viewer: Viewer, userId: string, action: AccountAction, apply: (user: User, now: Date) => boolean): Promise<User> {
    const levels = managedLevels(viewer);
    return this.em.transactional(async (em) => {
      const user = await findUser(em, userId);
      await this.assertManaged(em, viewer, levels, user, USER_ID_FIELDS(['userId']));
      const now = this.clock.now();
      if (apply(user, now)) {
        user.updatedAt = now;
        recordEvent(em, viewer, user, action, now, { sessionEpoch: user.sessionEpoch });
      }
      await em.flush();
      return user;
    });
  }

  /** The enterprise named must exist; the account must be one the viewer manages (an enterprise user's by its enterprise's level). */
  private async assertManaged(em: EntityManager, viewer: Viewer, levels: EnforcementLevel[] | null, fields: { role: Role; level?: EnforcementLevel | null; enterprise?: string | null }, named: ManagedFields): Promise<void> {
    const enterprise = fields.enterprise ? await em.findOne(Enterprise, { creditCode: fields.enterprise }, { fields: ['enforcementLevel'] }) : null;
    if (fields.enterprise && !enterprise) throw AccountsError.enterpriseNotFound(fields.enterprise, named.enterprise);
    assertManages(viewer, levels, { role: fields.role, level: fields.level ?? null, enterpriseLevel: enterprise?.enforcementLevel ?? null }, named);
  }

  /** The accounts a CITY or DISTRICT regulator manages: regulators of its levels, users of enterprises not enforced above them. */
  private async managedWhere(levels: EnforcementLevel[]): Promise<Record<string, unknown>> {
    // The enterprises enforced above a DISTRICT (the CITY's) are few; those below are many.
    const above = await this.em.find(Enterprise, { enforcementLevel: { $nin: levels } }, { fields: ['creditCode'] });
    return { $or: [{ role: Role.REGULATOR, level: { $in: levels } }, { role: Role.ENTERPRISE, enterprise: { $nin: above.map((e) => e.creditCode) } }] };
  }
}

type ManagedFields = { role: ReadonlyArray<string | number>; level: ReadonlyArray<string | number>; enterprise: ReadonlyArray<string | number> };
const INPUT_FIELDS: ManagedFields = { role: ['input', 'role'], level: ['input', 'level'], enterprise: ['input', 'enterprise'] };
/** An existing account out of reach is named by its id. */
const USER_ID_FIELDS = (field: ReadonlyArray<string | number>): ManagedFields => ({ role: field, level: field, enterprise: field });

export async function findUser(em: EntityManager, id: string, field: ReadonlyArray<string | number> = ['userId']): Promise<User> {
  const user = /^\d{1,18}$/.test(id) ? await em.findOne(User, { id }) : null;
  if (!user) throw AccountsError.userNotFound(id, field);
  return user;
}

/** Writes one account_event in the caller's unit of work. */
export function recordEvent(em: EntityManager, actor: Viewer | 'system', user: User, action: AccountAction, at: Date, details: Record<string, unknown>): void {
  em.create(AccountEvent, { at, actor: actor === 'system' ? 'system' : describeViewer(actor), userId: user.id, action, details });
}

function checkPassword(password: string, loginName: string, displayName: string, field: ReadonlyArray<string | number> = ['input', 'password']): void {
  const problem = passwordProblem(password, [loginName, displayName]);
  if (problem) throw AccountsError.invalid(field, problem);
}

function isOwnAccount(viewer: Viewer, user: User): boolean {
  return viewer.role !== null && viewer.user === user.id;
}

function snapshot(user: User) {
  return { displayName: user.displayName, role: user.role, level: user.level ?? null, town: user.town ?? null, department: user.department ?? null, enterprise: user.enterprise ?? null };
}
