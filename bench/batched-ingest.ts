/** Phase 1's kind of ingest: a workload's batched calls through recordMovements, each waiting for the calls that ship to it. */
import { performance } from 'node:perf_hooks';
import { GraphQLClient } from './client';
import { Workload } from './workload';

export const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed entries { seq hash } } }`;

export interface Recorded {
  recordMovements: { replayed: boolean; entries: { seq: number; hash: string }[] };
}

export interface IngestRun {
  entries: number;
  seconds: number;
  callMs: number[];
  committed: { hash: string; at: number }[];
}

/**
 * A workload's calls through recordMovements from `concurrency` clients, each call waiting for the
 * calls whose outputs it consumes; `progress` after each call with the entries so far.
 */
export async function runIngest(api: GraphQLClient, tokens: Map<string, string>, workload: Workload, concurrency: number, progress: (entries: number, seconds: number) => void): Promise<IngestRun> {
  const gate = Array.from({ length: workload.tasks }, () => {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  });
  let next = 0;
  let ingested = 0;
  let failure: Error | null = null;
  const callMs: number[] = [];
  const committed: { hash: string; at: number }[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < workload.tasks && !failure) {
        const task = next++;
        await Promise.all(workload.dependencies(task).map((d) => gate[d].promise));
        if (failure) break;
        try {
          const call = workload.build(task);
          const t = performance.now();
          const result = await api.request<Recorded>(tokens.get(call.enterprise.code)!, RECORD, { input: { requestId: call.requestId, entries: call.entries } });
          callMs.push(performance.now() - t);
          if (result.recordMovements.replayed || result.recordMovements.entries.length !== call.entries.length) throw new Error(`bench: call ${task} was not appended as sent`);
          workload.completed(call, result.recordMovements.entries.map((e) => e.hash));
          committed.push({ hash: result.recordMovements.entries[result.recordMovements.entries.length - 1].hash, at: Date.now() });
          ingested += call.entries.length;
          progress(ingested, (performance.now() - start) / 1000);
        } catch (error) {
          failure ??= error as Error;
          gate.forEach((g) => g.open());
        } finally {
          gate[task].open();
        }
      }
    }),
  );
  if (failure) throw failure;
  return { entries: ingested, seconds: (performance.now() - start) / 1000, callMs, committed };
}
