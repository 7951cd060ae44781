import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { AuditedEvent } from '../access/event-audit';

/** At most this many events a write: a feed's page (followFeed reads 100 positions at a time). */
export const AUDIT_BATCH_MAX = 100;

/** Writes the rows of a batch of events about to be sent; throws when it cannot. */
export type AuditEvents = (events: AuditedEvent[]) => Promise<void>;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const NOT_YET = Symbol('not yet');

/**
 * graphql's subscribe(), with each event's audit row written before the event is handed to the
 * socket, in batches: the events the feed has ready now (those it yields without waiting, up to
 * AUDIT_BATCH_MAX) are executed and their rows written in one INSERT, then sent. graphql-ws sends
 * one event at a time and awaits onNext for each, so auditing there cost a round trip per event per
 * subscriber. When a batch cannot be written its events are not sent: the subscriber gets one
 * AUDIT_UNAVAILABLE error and the subscription completes, so it resumes from the last position it
 * received with no gap. Without `audit` (a viewer whose reads are not audited) events go one by one.
 */
export async function auditedSubscribe(args: ExecutionArgs, audit: AuditEvents | null): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  return new AuditedEventStream(source[Symbol.asyncIterator](), args, audit);
}

class AuditedEventStream implements AsyncIterableIterator<ExecutionResult> {
  /** Audited, not yet handed to graphql-ws. */
  private ready: ExecutionResult[] = [];
  /** A pull from the source that was not ready when a batch was closed: the next batch's first event. */
  private pending: Promise<IteratorResult<unknown>> | null = null;
  private ended = false;
  private failure: unknown = null;
  private closed = false;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    private readonly audit: AuditEvents | null,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.ready.length > 0) return { done: false, value: this.ready.shift()! };
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      this.ended = true;
      throw failure;
    }
    if (this.ended || this.closed) return DONE;
    const payloads = await this.batch();
    if (payloads.length === 0) return this.next();
    const results: ExecutionResult[] = [];
    for (const payload of payloads) results.push(await execute({ ...this.args, rootValue: payload }));
    // Closed while the feed waited or the events ran: nothing is audited that will not be sent.
    if (this.closed) return DONE;
    if (this.audit) {
      try {
        await this.audit(payloads.map((payload, i) => ({ position: positionOf(payload), answer: results[i] as AuditedEvent['answer'] })));
      } catch {
        this.ended = true;
        this.failure = null;
        void this.stopSource().catch(() => undefined);
        return { done: false, value: { errors: [new GraphQLError('The events could not be audited, so they are not sent: subscribe again from the last position received', { extensions: { code: 'AUDIT_UNAVAILABLE' } })] } };
      }
    }
    this.ready = results;
    return this.next();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.closed = true;
    this.ready = [];
    await this.stopSource();
    return DONE;
  }

  /** Ends the feed; a pull still waiting is dropped, its failure (an expiry) too: nothing will be sent. */
  private async stopSource(): Promise<void> {
    this.pending?.catch(() => undefined);
    this.pending = null;
    await this.source.return?.();
  }

  /** The first event (waiting for it), then every event the feed yields before the event loop turns. */
  private async batch(): Promise<unknown[]> {
    const payloads: unknown[] = [];
    try {
      const first = await this.take();
      if (first.done) return payloads;
      payloads.push(first.value);
      while (payloads.length < AUDIT_BATCH_MAX && !this.closed) {
        this.pending = this.source.next();
        const next = await Promise.race([this.pending, new Promise<typeof NOT_YET>((resolve) => setImmediate(resolve, NOT_YET))]);
        if (next === NOT_YET) break;
        this.pending = null;
        if (next.done) {
          this.ended = true;
          break;
        }
        payloads.push(next.value);
      }
    } catch (error) {
      // The feed failed (an expired token): what came before it is sent first.
      this.pending = null;
      if (payloads.length === 0) throw error;
      this.failure = error;
    }
    return payloads;
  }

  private async take(): Promise<IteratorResult<unknown>> {
    const pull = this.pending ?? this.source.next();
    this.pending = null;
    const result = await pull;
    if (result.done) this.ended = true;
    return result;
  }
}

/** Every feed's event carries its position (ledger, alerts, notifications): the one the subscriber resumes after. */
function positionOf(payload: unknown): string | null {
  const position = (payload as { position?: unknown } | null)?.position;
  return position === undefined || position === null ? null : String(position);
}
