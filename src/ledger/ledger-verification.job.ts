import { verifyStoredChain } from './chain-verification.service';
import { LedgerChain } from './ledger-chain.entity';
import { AlertService } from '../licensing/alert.service';
import { JobDefinition } from '../supervision/job-definition';
import { notify } from '../supervision/outbox';
import { NotificationAudience, NotificationKind, NotificationSeverity } from '../supervision/supervision.enums';

/**
 * ledger-verification: re-verifies every chain from the entry table as
 * LEDGER_SPEC.md says (hashes, links, seq, canonical form, head). A broken
 * chain raises a CRITICAL CHAIN_BROKEN alert (the licensing domain's Alert,
 * worked by regulators) and a CRITICAL notice to the regulators, both naming
 * the chain, the seq of the first failing entry and the reason; the same
 * break is raised once, however many nights it stays broken. Alert and
 * notice are written in one transaction.
 */
export const ledgerVerificationJob: JobDefinition = {
  name: 'ledger-verification',
  description: 'Verifies every ledger hash chain; a broken chain raises a CRITICAL alert and notice naming the chain and seq',
  async run(ctx) {
    const chains = await ctx.em.find(LedgerChain, {}, { orderBy: { chain: 'asc' } });
    await ctx.forEachItem(
      chains,
      (c) => `chain ${c.chain}`,
      async (c, em) => {
        const result = await verifyStoredChain(em, c.chain);
        ctx.count('entries', result.checked);
        if (result.ok) {
          ctx.count('intact');
          return;
        }
        ctx.count('broken');
        const failure = result.failure!;
        const now = ctx.clock.now();
        const { alert, noticed } = await em.transactional(async (tx) => {
          const raised = await new AlertService(tx, ctx.clock).raiseChainBroken({
            chain: c.chain,
            enterpriseId: c.enterprise.id,
            seq: failure.seq,
            reason: failure.reason,
            message: failure.message,
          });
          const sent = await notify(
            tx,
            {
              audience: NotificationAudience.REGULATORS,
              enterpriseId: c.enterprise.id,
              kind: NotificationKind.LEDGER_CHAIN_BROKEN,
              severity: NotificationSeverity.CRITICAL,
              title: `CRITICAL: ledger chain ${c.chain} is broken at seq ${failure.seq} (${failure.reason})`,
              payload: {
                chain: c.chain,
                seq: failure.seq,
                reason: failure.reason,
                message: failure.message,
                verifiedEntries: result.checked,
                alertId: raised?.id ?? null,
              },
              dedupeKey: `chain-broken:${c.chain}:${failure.seq}:${failure.reason}`,
            },
            now,
          );
          return { alert: raised, noticed: sent };
        });
        if (alert) ctx.count('alertsRaised');
        if (noticed) ctx.count('raised');
      },
    );
    return { chains: chains.length };
  },
};
