import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { InspectionCode } from '../inspection/inspection.errors';
import { InspectionStatus, InspectionType, TRIGGERED_TYPES } from '../inspection/inspection.enums';
import { Inspection } from '../inspection/inspection.entity';
import { SchedulingService } from '../inspection/scheduling.service';
import { Alert } from '../licensing/alert.entity';
import { Licence } from '../licensing/licence.entity';
import { licenceStatus } from '../licensing/licence-status';
import { AlertStatus, LICENCE_CHECK_CODES, LicenceState, LicenceStatus } from '../licensing/licensing.enums';
import { Enterprise } from '../registry/enterprise.entity';
import { DomainError } from '../shared/domain-error';
import { addDays, shanghaiDate } from '../shared/shanghai-calendar';
import { Complaint } from './complaint.entity';
import { JobDefinition } from './job-definition';
import { notify } from './outbox';
import { SupervisionProposal } from './supervision-proposal.entity';
import { IntakeSource } from './intake-signal.entity';
import { ComplaintStatus, NotificationAudience, NotificationKind, ProposalKind, ProposalReason, ProposalStatus } from './supervision.enums';

const INTAKE_REASON: Record<IntakeSource, ProposalReason> = {
  [IntakeSource.MONITORING_ALARM]: ProposalReason.MONITORING_ALARM,
  [IntakeSource.PATROL_FINDING]: ProposalReason.PATROL_FINDING,
  [IntakeSource.REFERRAL]: ProposalReason.REFERRAL,
};

/** A triggered inspection is scheduled this many days after the trigger is found. */
export const TRIGGERED_LEAD_DAYS = 3;
export const TRIGGERED_SUPERVISION_ACTOR = 'job:triggered-supervision';

export interface Trigger {
  enterpriseId: string;
  reason: ProposalReason;
  kind: ProposalKind;
  detail: string;
  /** Names the trigger: it proposes once. */
  key: string;
  complaintId?: string;
}

/** Everything that should trigger supervision now, per enterprise. */
export async function findTriggers(em: EntityManager, now: Date, overdueFilingDays: number): Promise<Map<string, Trigger[]>> {
  const stockRows = await rawQuery<{ enterprise_id: string }>(em,
    `select enterprise_id::text as enterprise_id from ledger_balance group by enterprise_id having sum(quantity) > 0`,
  );
  const withStock = new Set(stockRows.map((r) => r.enterprise_id));
  const lastRows = await rawQuery<{ enterprise_id: string; last_at: Date; last_id: string }>(em,
    `select enterprise_id::text as enterprise_id, max(occurred_at) as last_at, max(id)::text as last_id from ledger_entry group by enterprise_id`,
  );
  const lastMovement = new Map(lastRows.map((r) => [r.enterprise_id, r]));
  const licences = await em.find(Licence, { state: { $in: [LicenceState.VALID, LicenceState.SUSPENDED] } }, { orderBy: { id: 'asc' } });
  const statusOf = (l: Licence) => licenceStatus(l.state, l.validFrom, l.validUntil, now);
  const validTypes = new Map<string, Set<string>>();
  for (const l of licences) {
    if (statusOf(l) !== LicenceStatus.VALID) continue;
    const set = validTypes.get(l.holder.id) ?? new Set<string>();
    set.add(l.type);
    validTypes.set(l.holder.id, set);
  }
  const triggers: Trigger[] = [];
  const cutoff = now.getTime() - overdueFilingDays * 86_400_000;
  for (const enterpriseId of withStock) {
    const last = lastMovement.get(enterpriseId);
    if (!validTypes.has(enterpriseId) || !last || new Date(last.last_at).getTime() >= cutoff) continue;
    triggers.push({
      enterpriseId,
      reason: ProposalReason.OVERDUE_FILING,
      kind: ProposalKind.ALERT_TRIGGERED,
      detail: `Holds stock and a valid licence, but has filed no movement since ${shanghaiDate(new Date(last.last_at))} (over ${overdueFilingDays} days)`,
      key: `overdue-filing:${enterpriseId}:${last.last_id}`,
    });
  }
  for (const l of licences) {
    if (statusOf(l) !== LicenceStatus.EXPIRED || !withStock.has(l.holder.id) || validTypes.get(l.holder.id)?.has(l.type)) continue;
    triggers.push({
      enterpriseId: l.holder.id,
      reason: ProposalReason.LICENCE_EXPIRED_WITH_STOCK,
      kind: ProposalKind.ALERT_TRIGGERED,
      detail: `Licence ${l.number ?? l.id} (${l.type}) expired after ${l.validUntil}; stock remains and no valid ${l.type} licence replaces it`,
      key: `licence-expired-stock:${l.id}:${l.validUntil}`,
    });
  }
  // Licence-check alerts only: a broken chain (CHAIN_BROKEN) is an integrity incident for the bureau, not the enterprise's conduct.
  for (const a of await em.find(Alert, { status: AlertStatus.OPEN, code: { $in: [...LICENCE_CHECK_CODES] } }, { orderBy: { id: 'asc' } })) {
    triggers.push({
      enterpriseId: a.enterprise.id,
      reason: ProposalReason.OPEN_LEDGER_ALERT,
      kind: ProposalKind.ALERT_TRIGGERED,
      detail: `Open ledger alert ${a.id} (${a.code}) on entry seq ${a.entrySeq}: ${a.message}`,
      key: `ledger-alert:${a.id}`,
    });
  }
  for (const c of await em.find(Complaint, { status: ComplaintStatus.OPEN }, { orderBy: { id: 'asc' } })) {
    triggers.push({
      enterpriseId: c.enterprise.id,
      reason: ProposalReason.COMPLAINT,
      kind: ProposalKind.EVENT_TRIGGERED,
      detail: `Complaint ${c.id} received ${shanghaiDate(c.receivedAt)} via ${c.channel}`,
      key: `complaint:${c.id}`,
      complaintId: c.id,
    });
  }
  // Intake not yet proposed: alarms and patrol findings are alerts, referrals events.
  const signals = await rawQuery<{ id: string; enterprise_id: string; source: IntakeSource; detail: string; referred_by: string | null; occurred_at: Date }>(em,
    `select s.id::text as id, s.enterprise_id::text as enterprise_id, s.source, s.detail, s.referred_by, s.occurred_at from intake_signal s
      where not exists (select 1 from supervision_proposal p where p.dedupe_key = 'intake:' || s.id) order by s.id`,
  );
  for (const s of signals) {
    const referral = s.source === IntakeSource.REFERRAL;
    triggers.push({
      enterpriseId: s.enterprise_id,
      reason: INTAKE_REASON[s.source],
      kind: referral ? ProposalKind.EVENT_TRIGGERED : ProposalKind.ALERT_TRIGGERED,
      detail: `${referral ? `Referral from ${s.referred_by}` : s.source === IntakeSource.PATROL_FINDING ? 'Patrol finding' : 'Monitoring alarm'} ${s.id} at ${new Date(s.occurred_at).toISOString()}: ${s.detail}`,
      key: `intake:${s.id}`,
    });
  }
  const byEnterprise = new Map<string, Trigger[]>();
  for (const t of triggers) byEnterprise.set(t.enterpriseId, [...(byEnterprise.get(t.enterpriseId) ?? []), t]);
  return byEnterprise;
}

/**
 * triggered-supervision: finds licensed enterprises holding stock with no
 * movement for N days (OVERDUE_FILING_DAYS), licences expired while stock
 * remains, open ledger alerts, open complaints, and intake (monitoring
 * alarms, patrol findings, referrals). Each new trigger becomes a
 * supervision_proposal; per enterprise, the new triggers are carried by one
 * PLANNED ALERT_TRIGGERED (or, for complaints only, EVENT_TRIGGERED)
 * inspection, scheduled through SchedulingService.proposeInspection, which
 * enforces the yearly cap: an enterprise at its cap gets CAPPED proposals and
 * no inspection. An already open triggered inspection carries new triggers
 * instead of a second one. Regulators are told of every proposal.
 */
export const triggeredSupervisionJob: JobDefinition = {
  name: 'triggered-supervision',
  description: 'Proposes ALERT_TRIGGERED / EVENT_TRIGGERED inspections from overdue filings, expired licences with stock, open ledger alerts, complaints, monitoring alarms, patrol findings and referrals, within the yearly cap',
  async run(ctx) {
    const now = ctx.startedAt;
    const byEnterprise = await findTriggers(ctx.em, now, ctx.config.jobs.overdueFilingDays);
    const enterpriseIds = [...byEnterprise.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await ctx.forEachItem(
      enterpriseIds,
      (id) => `enterprise ${id}`,
      async (enterpriseId, em) => {
        const all = byEnterprise.get(enterpriseId)!;
        const known = new Set(
          (await em.find(SupervisionProposal, { dedupeKey: { $in: all.map((t) => t.key) } }, { fields: ['dedupeKey'] })).map((p) => p.dedupeKey),
        );
        const fresh = all.filter((t) => !known.has(t.key));
        if (fresh.length === 0) return;
        const enterprise = await em.findOneOrFail(Enterprise, { id: enterpriseId });
        const summary = fresh.map((t) => `${t.reason}: ${t.detail}`).join('; ').slice(0, 500);
        const open = await em.findOne(
          Inspection,
          { enterprise, type: { $in: [...TRIGGERED_TYPES] }, status: { $in: [InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS] } },
          { orderBy: { id: 'desc' } },
        );
        let status = ProposalStatus.PROPOSED;
        let inspection: Inspection | null = open;
        let outcome: string | null = open ? `Carried by open triggered inspection ${open.code}` : null;
        if (!open) {
          const service = new SchedulingService(em.fork(), ctx.clock);
          const scheduledDate = addDays(shanghaiDate(now), TRIGGERED_LEAD_DAYS);
          const cap = await service.capStatus(enterprise.id, Number(scheduledDate.slice(0, 4)));
          if (cap.remaining === 0) {
            status = ProposalStatus.CAPPED;
            outcome = `Yearly cap reached (${cap.count} inspections in ${cap.year})`;
          } else {
            try {
              const type = fresh.some((t) => t.kind === ProposalKind.ALERT_TRIGGERED) ? InspectionType.ALERT_TRIGGERED : InspectionType.EVENT_TRIGGERED;
              const created = await service.proposeInspection(
                {
                  enterprise: enterprise.creditCode,
                  type,
                  enforcingLevel: enterprise.enforcementLevel,
                  scheduledDate,
                  trigger: summary,
                  justification: cap.justificationRequired ? `Triggered supervision: ${summary}`.slice(0, 2000) : null,
                },
                TRIGGERED_SUPERVISION_ACTOR,
              );
              inspection = await em.findOneOrFail(Inspection, { id: created.id });
              outcome = `Inspection ${created.code} scheduled for ${scheduledDate}`;
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              status = error.code === InspectionCode.INSPECTION_CAP_REACHED ? ProposalStatus.CAPPED : ProposalStatus.REFUSED;
              outcome = error.message;
            }
          }
        }
        await em.transactional(async (tx) => {
          const rows = fresh.map((t) =>
            tx.create(SupervisionProposal, {
              enterprise: enterprise.id,
              kind: t.kind,
              reason: t.reason,
              detail: t.detail,
              status,
              inspection: inspection?.id ?? null,
              outcome,
              dedupeKey: t.key,
              createdAt: now,
            }),
          );
          const complaints = fresh.flatMap((t) => (t.complaintId ? [t.complaintId] : []));
          if (complaints.length > 0) await tx.nativeUpdate(Complaint, { id: { $in: complaints } }, { status: ComplaintStatus.PROPOSED });
          await tx.flush();
          await notify(
            tx,
            {
              audience: NotificationAudience.REGULATORS,
              enterpriseId: enterprise.id,
              kind: NotificationKind.SUPERVISION_PROPOSED,
              title: `${enterprise.name}: ${status === ProposalStatus.PROPOSED ? '触发式检查已安排' : status === ProposalStatus.CAPPED ? '触发式检查受年度上限限制' : '触发式检查未能安排'}`,
              payload: { enterprise: enterprise.creditCode, status, outcome, inspectionCode: inspection?.code ?? null, triggers: fresh.map((t) => ({ reason: t.reason, detail: t.detail })) },
              dedupeKey: `supervision-proposed:${rows[0].id}`,
            },
            now,
          );
        });
        ctx.count(status === ProposalStatus.PROPOSED ? 'proposed' : status === ProposalStatus.CAPPED ? 'capped' : 'refused', fresh.length);
        if (inspection && !open) ctx.count('inspectionsScheduled');
      },
    );
    return { enterprisesTriggered: enterpriseIds.length };
  },
};
