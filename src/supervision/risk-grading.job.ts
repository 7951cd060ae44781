import { Finding } from '../inspection/finding.entity';
import { PenaltyDecision } from '../inspection/penalty-decision.entity';
import { Alert } from '../licensing/alert.entity';
import { AlertStatus, LICENCE_CHECK_CODES } from '../licensing/licensing.enums';
import { Enterprise } from '../registry/enterprise.entity';
import { EnterpriseStatus } from '../registry/registry.enums';
import { Accident } from './accident.entity';
import { shanghaiDate, yearsBefore } from '../shared/shanghai-calendar';
import { GroupSelfSupervision } from './group-self-supervision.entity';
import { JobDefinition } from './job-definition';
import { notify } from './outbox';
import { RiskGradeChange } from './risk-grade.entity';
import { RiskFacts, scoreRisk, treatmentOf } from './risk-score';
import { NotificationAudience, NotificationKind } from './supervision.enums';

export const RISK_WINDOW_YEARS = 3;

/**
 * risk-grading (积分制): scores every enterprise that is not closed from the
 * last three years of accidents, penalties, hazard findings (and how fast they
 * were rectified) and ledger alerts (risk-score.ts), grades it A–D and gives
 * it the grade's treatment, exempting the subsidiaries of a self-supervising
 * group from B and C treatments unless they are key units. A change of grade
 * or treatment is a new risk_grade row with its reasons, and a notice to the
 * enterprise.
 */
export const riskGradingJob: JobDefinition = {
  name: 'risk-grading',
  description: 'Grades every enterprise A–D from 3 years of accidents, penalties, hazards and their rectification, and ledger alerts',
  async run(ctx) {
    const now = ctx.startedAt;
    const today = shanghaiDate(now);
    const windowStart = yearsBefore(now, RISK_WINDOW_YEARS);
    const enterprises = await ctx.em.find(Enterprise, { status: { $ne: EnterpriseStatus.CLOSED } }, { orderBy: { id: 'asc' } });
    const groups = await ctx.em.find(GroupSelfSupervision, { revokedAt: null, since: { $lte: now } });
    const selfSupervisingGroups = new Set(groups.map((g) => g.group.id));
    await ctx.forEachItem(
      enterprises,
      (e) => `enterprise ${e.creditCode}`,
      async (enterprise, em) => {
        const [accidents, penalties, findings, alerts, previous] = await Promise.all([
          em.find(Accident, { enterprise, occurredAt: { $gte: windowStart, $lte: now } }),
          em.find(PenaltyDecision, { inspection: { enterprise }, penalized: true, decidedAt: { $gte: windowStart, $lte: now } }),
          em.find(Finding, { inspection: { enterprise }, createdAt: { $gte: windowStart, $lte: now } }),
          em.find(Alert, { enterprise, code: { $in: [...LICENCE_CHECK_CODES] }, raisedAt: { $gte: windowStart, $lte: now } }),
          em.findOne(RiskGradeChange, { enterprise }, { orderBy: { id: 'desc' } }),
        ]);
        const facts: RiskFacts = {
          today,
          accidents: accidents.map((a) => ({ severity: a.severity, deaths: a.deaths, injuries: a.injuries })),
          penalties: penalties.map((p) => ({ amountYuan: p.amountYuan ?? null })),
          findings: findings.map((f) => ({
            severity: f.severity,
            originalDeadline: f.originalDeadline,
            rectifiedOn: f.rectifiedAt ? shanghaiDate(f.rectifiedAt) : null,
            failedRechecks: f.failedRechecks,
          })),
          alerts: alerts.map((a) => ({ open: a.status !== AlertStatus.RESOLVED, raisedOn: shanghaiDate(a.raisedAt) })),
        };
        const { score, grade, reasons } = scoreRisk(facts);
        // The group honours its undertaking while none of this subsidiary's hazards is overdue.
        const overdue = findings.some((f) => f.rectifiedAt == null && today > f.rectificationDeadline);
        const groupSelfSupervised = !!enterprise.parent && selfSupervisingGroups.has(enterprise.parent.id) && !overdue;
        const { treatment, groupExempt } = treatmentOf(grade, groupSelfSupervised, enterprise.keyUnit);
        ctx.count(`grade${grade}`);
        if (previous && previous.grade === grade && previous.treatment === treatment && previous.groupExempt === groupExempt) return;
        await em.transactional(async (tx) => {
          const change = tx.create(RiskGradeChange, {
            enterprise: enterprise.id,
            grade,
            previousGrade: previous?.grade ?? null,
            score,
            treatment,
            groupExempt,
            reasons,
            windowStart,
            gradedAt: now,
          });
          await tx.flush();
          await notify(
            tx,
            {
              audience: NotificationAudience.ENTERPRISE,
              enterpriseId: enterprise.id,
              kind: NotificationKind.RISK_GRADE_CHANGED,
              title: previous ? `风险等级由 ${previous.grade} 调整为 ${grade}（${score} 分）` : `风险等级评定为 ${grade}（${score} 分）`,
              payload: { grade, previousGrade: previous?.grade ?? null, score, treatment, groupExempt, reasons },
              dedupeKey: `risk-grade:${change.id}`,
            },
            now,
          );
        });
        ctx.count('changed');
      },
    );
    return { enterprises: enterprises.length };
  },
};
