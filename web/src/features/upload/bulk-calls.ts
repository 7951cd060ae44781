import type { Client } from 'urql';
import { graphql } from '../../gql';
import type { ApiProblem } from '../../lib/errors';
import { problemsOf } from '../../lib/errors';
import type { Chunk } from './movement-sheet';

const CheckMovementsMutation = graphql(`
  mutation CheckMovements($input: RecordMovementsInput!, $carry: [PendingBalanceInput!]) {
    checkMovements(input: $input, carry: $carry) {
      carry {
        warehouse
        product
        batch
        change
      }
      problems {
        index
        field
        code
        message
        available
        requested
      }
    }
  }
`);

const RecordBulkMutation = graphql(`
  mutation RecordBulk($input: RecordMovementsInput!) {
    recordMovements(input: $input) {
      replayed
      entries {
        seq
      }
    }
  }
`);

/** A refused row: its row number in the file and the API's problem (its field, e.g. input.entries.3.quantity). */
export interface RowProblem {
  row: number;
  problem: ApiProblem;
}

/**
 * The dry run of every chunk in turn, each call given the previous one's carry (the stock the rows before it would
 * move), so the file is checked as one submission; a call refused as a whole (network, rights) is thrown as its problem.
 */
export async function checkChunks(client: Client, chunks: readonly Chunk[], progress: (done: number) => void): Promise<RowProblem[]> {
  const found: RowProblem[] = [];
  let done = 0;
  let carry: { warehouse: string; product: string; batch: string; change: string }[] = [];
  for (const chunk of chunks) {
    const result = await client.mutation(CheckMovementsMutation, { input: { requestId: chunk.requestId, entries: chunk.entries }, carry }).toPromise();
    if (!result.data) throw problemsOf(result.error)[0];
    // Only the input's fields: the client adds __typename to what it selects.
    carry = result.data.checkMovements.carry.map(({ warehouse, product, batch, change }) => ({ warehouse, product, batch, change }));
    for (const p of result.data.checkMovements.problems) {
      found.push({
        row: chunk.rows[p.index],
        problem: { code: p.code, field: p.field, message: p.message.replace(/^Entry \d+: /, ''), details: { available: p.available, requested: p.requested } },
      });
    }
    progress((done += chunk.entries.length));
  }
  return found;
}

/** Records the chunks in order; what a chunk's request id recorded before is answered as replayed, not recorded again. */
export async function recordChunks(client: Client, chunks: readonly Chunk[], progress: (done: number) => void): Promise<{ recorded: number; replayed: number }> {
  const counts = { recorded: 0, replayed: 0 };
  let done = 0;
  for (const chunk of chunks) {
    const result = await client.mutation(RecordBulkMutation, { input: { requestId: chunk.requestId, entries: chunk.entries } }).toPromise();
    if (!result.data) throw problemsOf(result.error)[0];
    counts[result.data.recordMovements.replayed ? 'replayed' : 'recorded'] += result.data.recordMovements.entries.length;
    progress((done += chunk.entries.length));
  }
  return counts;
}
