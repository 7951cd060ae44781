import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertCanReadEnterpriseRow, enterpriseWhere } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate, paginateByParent, PageWants } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { LicenceEvent } from './licence-event.entity';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { licenceStatus } from './licence-status';
import { Licence } from './licence.entity';
import { LicenceState, LicenceStatus } from './licensing.enums';
import { LicensingError } from './licensing.errors';
import { checkId } from './licensing-input';
import { LicenceFilter } from './licensing.inputs';

/** Reading licences: one, a filtered list, and their scope and events under a list. */
export class LicenceService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** The status of a licence now. */
  statusOf(licence: Licence): LicenceStatus {
    return licenceStatus(licence.state, licence.validFrom, licence.validUntil, this.clock.now());
  }

  async licence(viewer: Viewer, id: string): Promise<Licence> {
    const licence = await this.em.findOne(Licence, { id: checkId(id, ['id']) }, { populate: ['holder'] });
    if (!licence) throw LicensingError.licenceNotFound(id);
    assertCanReadEnterpriseRow(viewer, licence.holder, ['id']);
    return licence;
  }

  /** Licences, filtered; an enterprise token sees its own. The status filter reads the date, so EXPIRED is never stale. */
  async licences(viewer: Viewer, filter: LicenceFilter, page: PageArgs): Promise<Page<Licence>> {
    if (filter.holder && !isValidCreditCode(filter.holder)) throw LicensingError.invalid(['holder'], `"${filter.holder}" is not a valid credit code`);
    const holder = enterpriseWhere(viewer, filter.holder);
    return paginate(this.em, Licence, this.licenceWhere(filter, holder ? [{ holder }] : []), page);
  }

  private licenceWhere(filter: LicenceFilter, where: Record<string, unknown>[]): FilterQuery<Licence> {
    if (filter.type) where.push({ type: filter.type });
    if (filter.status) where.push(this.statusWhere(filter.status));
    return (where.length ? { $and: where } : {}) as FilterQuery<Licence>;
  }

  private statusWhere(status: LicenceStatus): Record<string, unknown> {
    const today = shanghaiDate(this.clock.now());
    switch (status) {
      case LicenceStatus.VALID:
        return { state: LicenceState.VALID, validFrom: { $lte: today }, validUntil: { $gte: today } };
      case LicenceStatus.SUSPENDED:
        return { state: LicenceState.SUSPENDED, validUntil: { $gte: today } };
      case LicenceStatus.EXPIRED:
        return { state: { $in: [LicenceState.VALID, LicenceState.SUSPENDED] }, validUntil: { $lt: today } };
      case LicenceStatus.PENDING:
        return { $or: [{ state: LicenceState.PENDING }, { state: LicenceState.VALID, validFrom: { $gt: today } }] };
      default:
        return { state: status as unknown as LicenceState };
    }
  }

  /**
   * The licences of many enterprises (Enterprise.licences under a list, a
   * trace's holders): one statement. The resolver checks row access per
   * enterprise, as a batch trace may reach any holder.
   */
  licencesOf(holderIds: readonly string[], filter: LicenceFilter, page: PageArgs, wants: PageWants): Promise<Map<string, Page<Licence>>> {
    return paginateByParent(this.em, Licence, 'holder', holderIds, this.licenceWhere(filter, []), page, wants);
  }

  /** The lifecycle events of many licences, oldest first: one statement. */
  eventsOf(licenceIds: readonly string[], page: PageArgs, wants: PageWants): Promise<Map<string, Page<LicenceEvent>>> {
    return paginateByParent(this.em, LicenceEvent, 'licence', licenceIds, {}, page, wants);
  }

  /** The scope (permitted chemicals) of many licences: one statement. */
  scopeOf(licenceIds: readonly string[], page: PageArgs, wants: PageWants): Promise<Map<string, Page<LicenceScopeItem>>> {
    return paginateByParent(this.em, LicenceScopeItem, 'licence', licenceIds, {}, page, wants);
  }
}
