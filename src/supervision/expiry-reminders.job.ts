import { Licence } from '../licensing/licence.entity';
import { LicenceState, LicenceType } from '../licensing/licensing.enums';
import { addDays, daysBetween, shanghaiDate } from '../shared/shanghai-calendar';
import { JobDefinition } from './job-definition';
import { notify } from './outbox';
import { dueReminder, REMINDER_DAYS } from './reminder-threshold';
import { SpecialOperationCertificate } from './special-operation-certificate.entity';
import { NotificationAudience, NotificationKind } from './supervision.enums';

const LICENCE_NAMES: Record<LicenceType, string> = {
  [LicenceType.HAZCHEM_BUSINESS]: '危险化学品经营许可证',
  [LicenceType.SAFETY_PRODUCTION]: '安全生产许可证',
  [LicenceType.SAFE_USE]: '危险化学品安全使用许可证',
  [LicenceType.HIGHLY_TOXIC_PURCHASE]: '剧毒化学品购买许可证',
};

/**
 * expiry-reminders (到期提醒): a notice to the holder 90, 30 and 7 days
 * before a licence's last valid day and before a special-operation
 * certificate's review date. Each reminder is keyed by the document, the date
 * and the threshold, so it is sent once; renewing moves the date and the
 * reminders start again.
 */
export const expiryRemindersJob: JobDefinition = {
  name: 'expiry-reminders',
  description: 'Reminds holders of licences expiring and special-operation certificates due for review in 90, 30 and 7 days',
  async run(ctx) {
    const today = shanghaiDate(ctx.startedAt);
    const horizon = addDays(today, Math.max(...REMINDER_DAYS));
    const licences = await ctx.em.find(
      Licence,
      { state: { $in: [LicenceState.VALID, LicenceState.SUSPENDED] }, validUntil: { $gte: today, $lte: horizon } },
      { orderBy: { id: 'asc' } },
    );
    const certificates = await ctx.em.find(SpecialOperationCertificate, { reviewDate: { $gte: today, $lte: horizon } }, { orderBy: { id: 'asc' } });
    type Item = { kind: 'licence'; row: Licence } | { kind: 'certificate'; row: SpecialOperationCertificate };
    const items: Item[] = [
      ...licences.map((row) => ({ kind: 'licence' as const, row })),
      ...certificates.map((row) => ({ kind: 'certificate' as const, row })),
    ];
    await ctx.forEachItem(
      items,
      (item) => `${item.kind} ${item.row.id}`,
      async (item, em) => {
        if (item.kind === 'licence') {
          const licence = item.row;
          const until = licence.validUntil!;
          const days = dueReminder(daysBetween(today, until));
          if (days === null) return;
          const sent = await notify(
            em,
            {
              audience: NotificationAudience.ENTERPRISE,
              enterpriseId: licence.holder.id,
              kind: NotificationKind.LICENCE_EXPIRY_REMINDER,
              title: `${LICENCE_NAMES[licence.type]} ${licence.number ?? ''} 将于 ${until} 到期（${days} 天提醒）`,
              payload: { licenceId: licence.id, type: licence.type, number: licence.number ?? null, validUntil: until, daysBefore: days, daysLeft: daysBetween(today, until) },
              dedupeKey: `licence-expiry:${licence.id}:${until}:${days}`,
            },
            ctx.clock.now(),
          );
          ctx.count(sent ? 'licenceReminders' : 'alreadySent');
        } else {
          const cert = item.row;
          const days = dueReminder(daysBetween(today, cert.reviewDate));
          if (days === null) return;
          const sent = await notify(
            em,
            {
              audience: NotificationAudience.ENTERPRISE,
              enterpriseId: cert.enterprise.id,
              kind: NotificationKind.CERTIFICATE_REVIEW_REMINDER,
              title: `${cert.holder} 的特种作业操作证 ${cert.number} 将于 ${cert.reviewDate} 复审（${days} 天提醒）`,
              payload: { certificateId: cert.id, holder: cert.holder, type: cert.type, number: cert.number, reviewDate: cert.reviewDate, daysBefore: days, daysLeft: daysBetween(today, cert.reviewDate) },
              dedupeKey: `certificate-review:${cert.id}:${cert.reviewDate}:${days}`,
            },
            ctx.clock.now(),
          );
          ctx.count(sent ? 'certificateReminders' : 'alreadySent');
        }
      },
    );
    return { licencesChecked: licences.length, certificatesChecked: certificates.length };
  },
};
