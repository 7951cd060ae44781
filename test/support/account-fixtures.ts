import { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/access/viewer';
import { CreateUserInput } from '../../src/accounts/accounts.inputs';
import { User } from '../../src/accounts/user.entity';
import { UsersService } from '../../src/accounts/users.service';
import { systemClock, Clock } from '../../src/shared/clock';
import { admin } from './fixtures';

export const PASSWORD = 'correct horse battery';

/** An account made by an administrator; an ADMIN by default, with PASSWORD. */
export function createUser(em: EntityManager, loginName: string, input: Partial<CreateUserInput> = {}, clock: Clock = systemClock): Promise<User> {
  return new UsersService(em.fork(), clock).createUser(admin, { loginName, displayName: `用户${loginName}`, role: Role.ADMIN, password: PASSWORD, ...input } as CreateUserInput);
}
