import { AccountLogResolver } from './account-log.resolver';
import { ApiKeysResolver } from './api-keys.resolver';
import { SessionsResolver } from './sessions.resolver';
import { UsersResolver } from './users.resolver';

export const accountsResolvers = [UsersResolver, SessionsResolver, AccountLogResolver, ApiKeysResolver] as const;
