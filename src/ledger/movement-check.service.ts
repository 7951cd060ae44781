import { EntityManager } from '@mikro-orm/postgresql';
import { requireEnterprise } from '../access/policy';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { Clock, systemClock } from '../shared/clock';
import { applyAppendRules } from './append-rules';
import { loadAppendState } from './append-state';
import { LedgerError } from './ledger.errors';
import { applyCarry, nextCarry, PendingBalance, readCarry } from './movement-check-carry';
import { lookUpReferences, referenceProblem } from './movement-references';
import { checkEachEntry } from './movement-submission';
import { RecordMovementsInput } from './ledger.inputs';

export interface MovementProblem {
  index: number;
  field: string;
  code: string;
  message: string;
  available: string | null;
  requested: string | null;
}

export interface MovementCheck {
  checked: number;
  problems: MovementProblem[];
  carry: PendingBalance[];
}

/**
 * recordMovements' dry run: the same checks, on every entry, writing nothing. An entry that fails is left out
 * and the entries after it checked as if it were not there (stock, shipments, corrections), so a file's bad rows
 * are all named at once and, once they are fixed or removed, the submission is accepted. A file of several calls
 * passes each call's `carry` to the next (movement-check-carry.ts), so it is checked as one submission.
 */
export class MovementCheckService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock = systemClock,
    private readonly config: Pick<Config, 'clockSkewMs'> = { clockSkewMs: 300_000 },
  ) {}

  async checkMovements(viewer: Viewer, input: RecordMovementsInput, carried: readonly PendingBalance[] = []): Promise<MovementCheck> {
    const chain = requireEnterprise(viewer);
    const carry = readCarry(carried);
    let next: PendingBalance[] = [...carried];
    const { movements, problems } = checkEachEntry(input, this.clock.now(), this.config.clockSkewMs);
    if (movements.length) {
      const refs = await lookUpReferences(this.em, chain, movements);
      const known = movements.filter((m) => {
        const problem = referenceProblem(m, refs);
        if (problem) problems.push(problem);
        return !problem;
      });
      // The rules read the balances and shipments under the same locks an append takes; the transaction writes nothing.
      if (known.length) {
        await this.em.transactional(async (em) => {
          const state = await loadAppendState(em as EntityManager, [{ chain, movements: known, refs }]);
          const stored = applyCarry(state, refs, known, carry);
          applyAppendRules(chain, known, refs, state, (p) => problems.push(p));
          next = nextCarry(state, refs, known, carry, stored);
        });
      }
    }
    return { checked: input.entries.length, problems: problems.map(describe).sort((a, b) => a.index - b.index), carry: next };
  }
}

function describe(problem: LedgerError): MovementProblem {
  const field = problem.field ?? [];
  return {
    index: Number(field[2]),
    field: field.join('.'),
    code: problem.code,
    message: problem.message,
    available: (problem.details?.available as string | undefined) ?? null,
    requested: (problem.details?.requested as string | undefined) ?? null,
  };
}
