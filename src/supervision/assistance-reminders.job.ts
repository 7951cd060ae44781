import { AssistanceService } from '../inspection/assistance.service';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { JobDefinition } from './job-definition';
import { notify } from './outbox';
import { NotificationAudience, NotificationKind, NotificationSeverity } from './supervision.enums';

/**
 * assistance-reminders (daily): every open assistance request (协查单) past
 * its due date gets one reminder a day to regulators, naming the level asked.
 */
export const assistanceRemindersJob: JobDefinition = {
  name: 'assistance-reminders',
  description: 'Reminds regulators of open assistance requests (协查单) past their due date, once a day each',
  async run(ctx) {
    const today = shanghaiDate(ctx.startedAt);
    const overdue = await new AssistanceService(ctx.em, ctx.clock).overdue();
    await ctx.forEachItem(overdue, (r) => `assistance request ${r.id}`, async (r, em) => {
      const sent = await notify(
        em,
        {
          audience: NotificationAudience.REGULATORS,
          enterpriseId: r.enterprise.id,
          kind: NotificationKind.ASSISTANCE_OVERDUE,
          severity: NotificationSeverity.WARNING,
          title: `协查单 ${r.id}（${r.fromLevel} → ${r.toLevel}）已逾期：应于 ${r.dueDate} 前答复`,
          payload: { assistanceRequestId: r.id, fromLevel: r.fromLevel, toLevel: r.toLevel, dueDate: r.dueDate },
          dedupeKey: `assistance-overdue:${r.id}:${today}`,
        },
        ctx.clock.now(),
      );
      ctx.count(sent ? 'reminded' : 'alreadyReminded');
    });
    return { overdue: overdue.length };
  },
};
