import { createHash } from 'node:crypto';
import path from 'node:path';
import { rawQuery } from '../db/raw-query';
import { COSIGNATURE_TYPE, parseSignerKey, parseVerifierKey } from '../proof/signed-note';
import { JobDefinition } from '../supervision/job-definition';
import { notify } from '../supervision/outbox';
import { NotificationAudience, NotificationKind, NotificationSeverity } from '../supervision/supervision.enums';
import { witnessOnce } from './log-witness-client';

/**
 * witness-cosign: this server witnesses other servers' logs (config
 * log.witness), as `npm run witness` does, keeping each log's state in
 * DATA_DIR/witness/. A refusal (the other log rewrote its history) is
 * reported to that log and fails the item, so the run shows it.
 */
export const witnessCosignJob: JobDefinition = {
  name: 'witness-cosign',
  description: "Witnesses the logs of LOG_WITNESS_LOGS: checks each one's latest checkpoint extends the last cosigned, cosigns it",
  async run(ctx) {
    const { key, logs } = ctx.config.log.witness;
    if (!key || logs.length === 0) return { configured: 0 };
    const witness = parseSignerKey(key);
    if (witness.type !== COSIGNATURE_TYPE) throw new Error('LOG_WITNESS_KEY is not a cosignature key (type 0x04)');
    await ctx.forEachItem(
      logs,
      (log) => `log ${log.url}`,
      async (log) => {
        const stateFile = path.join(ctx.config.dataDir, 'witness', `${createHash('sha256').update(log.url).digest('hex').slice(0, 16)}.json`);
        const now = () => Math.floor(ctx.clock.now().getTime() / 1000);
        const outcome = await witnessOnce({ url: log.url, witness, logKey: parseVerifierKey(log.logKey), stateFile, now });
        if (outcome.status === 'REFUSED') throw new Error(`${log.url}: ${outcome.reason}: ${outcome.message}`);
        ctx.count('cosigned');
      },
    );
    return { configured: logs.length };
  },
};

interface WitnessLag {
  name: string;
  holder: string;
  last_size: string | null;
  /** timestamptz, as the driver gives it (text). */
  behind_since: string;
}

/**
 * witness-staleness: a registered witness that has left a newer checkpoint
 * uncosigned for longer than LOG_WITNESS_STALE_SECONDS (counted from the
 * oldest such checkpoint, or from its registration) raises a WARNING notice to
 * the regulators, once per witness and last cosigned size.
 */
export const witnessStalenessJob: JobDefinition = {
  name: 'witness-staleness',
  description: 'Warns the regulators of a witness that has not cosigned the newer checkpoints for LOG_WITNESS_STALE_SECONDS',
  async run(ctx) {
    const now = ctx.clock.now();
    const lagging = await rawQuery<WitnessLag>(
      ctx.em,
      `select w.name, w.holder, c.last_size, greatest(w.registered_at, k.since) as behind_since
         from log_witness w
         cross join lateral (select max(size) as last_size from log_cosignature where witness_id = w.id) c
         cross join lateral (select min(created_at) as since from log_checkpoint where size > coalesce(c.last_size, -1)) k
        where k.since is not null and greatest(w.registered_at, k.since) < ?`,
      [new Date(now.getTime() - ctx.config.log.witnessStaleSeconds * 1000)],
    );
    for (const w of lagging) {
      const behindSince = new Date(w.behind_since);
      const since = Math.round((now.getTime() - behindSince.getTime()) / 60_000);
      const raised = await notify(
        ctx.em,
        {
          audience: NotificationAudience.REGULATORS,
          kind: NotificationKind.LOG_WITNESS_STALE,
          severity: NotificationSeverity.WARNING,
          title: `WARNING: witness ${w.name} (${w.holder}) has cosigned no new checkpoint for ${since} minutes`,
          payload: { witness: w.name, holder: w.holder, lastCosignedSize: w.last_size === null ? null : Number(w.last_size), behindSince: behindSince.toISOString() },
          dedupeKey: `witness-stale:${w.name}:${w.last_size ?? 'none'}`,
        },
        now,
      );
      ctx.count(raised ? 'warned' : 'alreadyWarned');
    }
    return { lagging: lagging.length };
  },
};
