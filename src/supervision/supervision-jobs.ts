import { ledgerVerificationJob } from '../ledger/ledger-verification.job';
import { witnessCosignJob, witnessStalenessJob } from '../ledger/log-witness.job';
import { assistanceRemindersJob } from './assistance-reminders.job';
import { expiryRemindersJob } from './expiry-reminders.job';
import { JobDefinition } from './job-definition';
import { majorHazardJob } from './major-hazard.job';
import { monthlyPublicationJob } from './monthly-publication.job';
import { outboxDeliveryJob } from './outbox-delivery.job';
import { riskGradingJob } from './risk-grading.job';
import { triggeredSupervisionJob } from './triggered-supervision.job';

/** Every scheduled job (the ledger's own among them: ledger-verification, witness-cosign, witness-staleness); each one's schedule is config.jobs.schedules[name] (DEFAULT_JOB_SCHEDULES, JOB_<NAME>_CRON). */
export const SUPERVISION_JOBS: readonly JobDefinition[] = [
  expiryRemindersJob,
  riskGradingJob,
  triggeredSupervisionJob,
  ledgerVerificationJob,
  monthlyPublicationJob,
  majorHazardJob,
  outboxDeliveryJob,
  assistanceRemindersJob,
  witnessCosignJob,
  witnessStalenessJob,
];
