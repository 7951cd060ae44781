import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { CommonCode, DomainError } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { AccountEvent } from './account-event.entity';
import { assertUserAdministration } from './account-policy';
import { SignInOutcome } from './accounts.enums';
import { SignIn } from './sign-in.entity';

export interface AccountLogFilter {
  userId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface SignInFilter extends AccountLogFilter {
  loginName?: string | null;
  address?: string | null;
  outcome?: SignInOutcome | null;
}

/** The administrators' view of sign-ins and account events, oldest first; both tables are append-only. */
export class AccountLogService {
  constructor(private readonly em: EntityManager) {}

  signIns(viewer: Viewer, filter: SignInFilter, page: PageArgs): Promise<Page<SignIn>> {
    assertUserAdministration(viewer);
    const where: Record<string, unknown> = this.common(filter);
    if (filter.loginName) where.loginName = filter.loginName.trim().toLowerCase();
    if (filter.address) where.address = filter.address;
    if (filter.outcome) where.outcome = filter.outcome;
    return paginate(this.em, SignIn, where as FilterQuery<SignIn>, page);
  }

  accountEvents(viewer: Viewer, filter: AccountLogFilter, page: PageArgs): Promise<Page<AccountEvent>> {
    assertUserAdministration(viewer);
    return paginate(this.em, AccountEvent, this.common(filter) as FilterQuery<AccountEvent>, page);
  }

  private common(filter: AccountLogFilter): Record<string, unknown> {
    if (filter.from && filter.to && filter.to < filter.from) throw new DomainError(CommonCode.BAD_USER_INPUT, 'to must not be before from', ['to']);
    const where: Record<string, unknown> = {};
    if (filter.userId) {
      if (!/^\d{1,18}$/.test(filter.userId)) throw new DomainError(CommonCode.BAD_USER_INPUT, 'userId is a user id', ['userId']);
      where.userId = filter.userId;
    }
    if (filter.from || filter.to) where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return where;
  }
}
