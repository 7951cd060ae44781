import { PlainConnection } from '../db/plain-connection';
import { drawShipmentCode } from '../proof/shipment-code';
import { Clock } from '../shared/clock';
import { applyAppendRules } from './append-rules';
import { AppendCall, saveState } from './append-state';
import { lockChainHeads, priorKey } from './chain-head';
import { AcceptedCall, AppendedCall, writeAppends } from './ledger-append';
import { LedgerError } from './ledger.errors';
import { Submission } from './movement-submission';
import { ShipmentClosing } from './shipment-closing';

/** A checked submission for a chain, its references resolved: what an append is asked. */
export interface PendingAppend extends AppendCall {
  submission: Submission;
  /** A receipt by scan: the shipment its one entry receives, closed with it. */
  closing?: ShipmentClosing;
}

/** Each call's own outcome: appended, a retry of what its requestId recorded before, or refused. */
export type AppendOutcome =
  | ({ kind: 'appended' } & AppendedCall)
  | { kind: 'replayed'; firstSeq: number; entryCount: number }
  | { kind: 'refused'; error: LedgerError };

/**
 * Appends calls to distinct chains in the caller's transaction, each all or nothing on its own: every rule
 * is checked before anything is written, so a refused call leaves no row and does not refuse its
 * neighbours (the head row a refused first append created is removed again). One call is the ordinary
 * append; several are a group commit (group-commit.ts), costing the statements of one.
 */
export async function appendCalls(
  connection: PlainConnection,
  calls: readonly PendingAppend[],
  clock: Clock,
  statementTimeoutMs: number,
  drawCode: () => string = drawShipmentCode,
): Promise<AppendOutcome[]> {
  if (new Set(calls.map((c) => c.chain)).size !== calls.length) throw new Error('appendCalls: one call a chain');
  // The state is read for every call, a retry's too: one statement for all, whatever each call turns out to be.
  const { heads, priors, created, state } = await lockChainHeads(connection, calls.map((c) => ({ ...c, requestId: c.submission.requestId })), statementTimeoutMs);
  const outcomes: (AppendOutcome | null)[] = calls.map(({ chain, submission }) => {
    const prior = priors.get(priorKey(chain, submission.requestId));
    if (!prior) return null;
    if (prior.digest !== submission.digest) return { kind: 'refused', error: LedgerError.requestConflict(submission.requestId) };
    return { kind: 'replayed', firstSeq: prior.first_seq, entryCount: prior.entry_count };
  });
  const accepted: AcceptedCall[] = [];
  const acceptedAt: number[] = [];
  calls.forEach((call, i) => {
    if (outcomes[i]) return;
    const restore = saveState(state);
    try {
      applyAppendRules(call.chain, call.submission.movements, call.refs, state);
      accepted.push({ ...call, head: heads.get(call.chain)! });
      acceptedAt.push(i);
    } catch (problem) {
      if (!(problem instanceof LedgerError)) throw problem;
      restore();
      outcomes[i] = { kind: 'refused', error: problem };
    }
  });
  if (accepted.length) {
    const written = await writeAppends(connection, accepted, state, clock.now(), drawCode);
    written.forEach((w, j) => (outcomes[acceptedAt[j]] = { kind: 'appended', ...w }));
  }
  const emptied = calls.filter((c, i) => created.has(c.chain) && outcomes[i]!.kind === 'refused').map((c) => c.chain);
  if (emptied.length) {
    await connection.rows({
      name: 'hz_append_emptied_heads',
      text: 'delete from ledger_chain where chain = any(array(select jsonb_array_elements_text($1::jsonb))) and last_seq = 0',
      values: [JSON.stringify(emptied)],
    });
  }
  return outcomes as AppendOutcome[];
}
