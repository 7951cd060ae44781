import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../shared/clock';
import { crossCheckChain, Disagreement } from './chain-cross-checks';
import { verifyStoredChain } from './chain-walk';
import { LedgerChain } from './ledger-chain.entity';
import { AlertService } from '../licensing/alert.service';
import { JobDefinition } from '../supervision/job-definition';
import { notify } from '../supervision/outbox';
import { NotificationAudience, NotificationKind, NotificationSeverity } from '../supervision/supervision.enums';

/**
 * ledger-verification: re-verifies every chain from the entry table as
 * LEDGER_SPEC.md says (hashes, links, seq, canonical form, head), and, for a
 * sound chain, what the rest of the database says against it
 * (crossCheckChain: balances, receipts, shipments, id columns, request rows,
 * log leaves; the first of each kind raised, its kind as the reason). A broken
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
        // Broken, the chain is what to act on; sound, what the rest of the database says against it, first of each kind.
        const findings: Finding[] = result.failure
          ? [{ ...result.failure, verifiedEntries: result.checked }]
          : firstOfEachKind(await crossCheckChain(em, c.chain)).map((d) => ({ seq: d.seq ?? 0, reason: d.kind, message: d.message, verifiedEntries: result.checked }));
        if (findings.length === 0) {
          ctx.count('intact');
          return;
        }
        ctx.count(result.failure ? 'broken' : 'contradicted');
        for (const finding of findings) {
          const { alert, noticed } = await raise(em, ctx.clock, c, finding);
          if (alert) ctx.count('alertsRaised');
          if (noticed) ctx.count('raised');
        }
      },
    );
    return { chains: chains.length };
  },
};

interface Finding {
  seq: number;
  reason: string;
  message: string;
  verifiedEntries: number;
}

function firstOfEachKind(found: Disagreement[]): Disagreement[] {
  const seen = new Set<string>();
  return found.filter((d) => !seen.has(d.kind) && seen.add(d.kind));
}

/** The CHAIN_BROKEN alert and the regulators' CRITICAL notice, in one transaction, each once per (chain, seq, reason). */
function raise(em: EntityManager, clock: Clock, c: LedgerChain, finding: Finding) {
  return em.transactional(async (tx) => {
    const raised = await new AlertService(tx, clock).raiseChainBroken({ chain: c.chain, enterpriseId: c.enterprise.id, seq: finding.seq, reason: finding.reason, message: finding.message });
    const sent = await notify(
      tx,
      {
        audience: NotificationAudience.REGULATORS,
        enterpriseId: c.enterprise.id,
        kind: NotificationKind.LEDGER_CHAIN_BROKEN,
        severity: NotificationSeverity.CRITICAL,
        title: `CRITICAL: ledger chain ${c.chain} is broken at seq ${finding.seq} (${finding.reason})`,
        payload: { chain: c.chain, ...finding, alertId: raised?.id ?? null },
        dedupeKey: `chain-broken:${c.chain}:${finding.seq}:${finding.reason}`,
      },
      clock.now(),
    );
    return { alert: raised, noticed: sent };
  });
}
