import { FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertJurisdiction } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate, paginateByParent, PageWants } from '../db/paginate';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Alert } from './alert.entity';
import { alertConditions } from './alert-visibility';
import { AlertCode, AlertSeverity, AlertStatus } from './licensing.enums';
import { LicensingError } from './licensing.errors';
import { AlertActionInput, AlertFilter } from './licensing.inputs';

/** A break found by the ledger verification: the chain, the first failing seq and why. */
export interface ChainBreak {
  chain: string;
  enterpriseId: string;
  seq: number;
  /** The verification's reason code, e.g. HASH_MISMATCH. */
  reason: string;
  message: string;
}

/**
 * Alerts raised by the ledger's licence checks and by the ledger
 * verification (CHAIN_BROKEN), and the regulator's handling of them:
 * OPEN → ACKNOWLEDGED → RESOLVED.
 */
export class AlertService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  alerts(viewer: Viewer, filter: AlertFilter, page: PageArgs): Promise<Page<Alert>> {
    return paginate(this.em, Alert, alertConditions(viewer, filter) as FilterQuery<Alert>, page);
  }

  /**
   * The alerts of many enterprises (Enterprise.alerts under a list): one
   * statement. The resolver checks row access per enterprise.
   */
  alertsOf(viewer: Viewer, enterpriseIds: readonly string[], filter: AlertFilter, page: PageArgs, wants: PageWants): Promise<Map<string, Page<Alert>>> {
    const { enterprise: _parent, ...where } = alertConditions(viewer, { ...filter, enterprise: null });
    return paginateByParent(this.em, Alert, 'enterprise', enterpriseIds, where as FilterQuery<Alert>, page, wants);
  }

  /**
   * Raises the CRITICAL CHAIN_BROKEN alert for a break, once: the same chain,
   * seq and reason found again (the next night) is not raised again. Returns
   * the new alert, or null when it was already raised. For the
   * ledger-verification job; no viewer.
   */
  async raiseChainBroken(found: ChainBreak): Promise<Alert | null> {
    const entry = await this.em.findOne(LedgerEntry, { chain: found.chain, seq: found.seq }, { orderBy: { id: 'asc' } });
    const rows = await this.em
      .createQueryBuilder(Alert)
      .insert({
        code: AlertCode.CHAIN_BROKEN,
        severity: AlertSeverity.CRITICAL,
        status: AlertStatus.OPEN,
        enterprise: found.enterpriseId,
        chain: found.chain,
        entry: entry?.id ?? null,
        entryHash: entry?.hash ?? null,
        entrySeq: found.seq,
        chainFailure: found.reason,
        message: found.message,
        raisedAt: this.clock.now(),
      } as never)
      .onConflict(['chain', 'entrySeq', 'chainFailure'] as never)
      .ignore()
      .returning('id')
      .execute('all');
    const [row] = rows as unknown as { id: string }[];
    return row ? this.em.findOneOrFail(Alert, { id: String(row.id) }) : null;
  }

  /** For the Enterprise.alerts field: row access checked, as a trace may reach any enterprise. */
  acknowledge(viewer: Viewer, input: AlertActionInput): Promise<Alert> {
    return this.move(viewer, input.alertId, AlertStatus.ACKNOWLEDGED, (alert, now) => {
      alert.acknowledgedAt = now;
      alert.acknowledgedBy = viewer.subject;
    });
  }

  resolve(viewer: Viewer, input: AlertActionInput): Promise<Alert> {
    const note = (input.note ?? '').trim();
    if (note === '') throw LicensingError.invalid(['input', 'note'], 'Say how the alert was resolved');
    if (note.length > 2000) throw LicensingError.invalid(['input', 'note'], 'note must be at most 2000 characters');
    return this.move(viewer, input.alertId, AlertStatus.RESOLVED, (alert, now) => {
      alert.resolvedAt = now;
      alert.resolvedBy = viewer.subject;
      alert.resolution = note;
    });
  }

  private async move(viewer: Viewer, alertId: string, to: AlertStatus, apply: (alert: Alert, now: Date) => void): Promise<Alert> {
    assertRegulator(viewer);
    if (!/^\d{1,18}$/.test(alertId)) throw LicensingError.invalid(['input', 'alertId'], `"${alertId}" is not an id`);
    return this.em.transactional(async (em) => {
      const alert = await em.findOne(Alert, { id: alertId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!alert) throw LicensingError.alertNotFound(alertId, ['input', 'alertId']);
      assertJurisdiction(viewer, await em.findOneOrFail(Enterprise, { id: alert.enterprise.id }), { field: ['input', 'alertId'] });
      if (!ALLOWED[alert.status].includes(to)) throw LicensingError.alertTransition(alert.status, to);
      apply(alert, this.clock.now());
      alert.status = to;
      return alert;
    });
  }
}

/** OPEN may be acknowledged or resolved outright; ACKNOWLEDGED resolved; RESOLVED is final. */
const ALLOWED: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  [AlertStatus.OPEN]: [AlertStatus.ACKNOWLEDGED, AlertStatus.RESOLVED],
  [AlertStatus.ACKNOWLEDGED]: [AlertStatus.RESOLVED],
  [AlertStatus.RESOLVED]: [],
};
