import { EntityManager } from '@mikro-orm/postgresql';
import { PendingAppend } from '../../src/ledger/append-calls';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { lookUpReferences } from '../../src/ledger/movement-references';
import { checkSubmission } from '../../src/ledger/movement-submission';
import { LEDGER_NOW } from './ledger-fixtures';

/** A call checked and its references resolved, as recordMovements hands it to group commit. */
export async function pendingAppend(em: EntityManager, chain: string, requestId: string, entries: MovementInput[]): Promise<PendingAppend> {
  const submission = checkSubmission({ requestId, entries }, new Date(LEDGER_NOW), 300_000);
  const refs = await lookUpReferences(em, chain, submission.movements);
  return { chain, movements: submission.movements, submission, refs };
}
