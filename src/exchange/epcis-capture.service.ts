import { EntityManager } from '@mikro-orm/postgresql';
import { requireEnterprise } from '../access/policy';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { LedgerService } from '../ledger/ledger.service';
import { MovementObserver } from '../ledger/movement-observer';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain-error';
import { captureKey, CapturedMovement, eventField, movementOfEvent } from './epcis-capture';
import { eventIdOf } from './epcis-identifiers';
import { epcisSchemaProblems } from './epcis-schema';
import { ExchangeError } from './exchange.errors';

export interface CaptureResult {
  /** The ledger's requestId for this document: a retry answers the same. */
  captureID: string;
  /** True when the document was captured before: nothing was appended. */
  replayed: boolean;
  /** The ledger's eventIDs of the captured events, in document order. */
  eventIDs: string[];
}

type Json = Record<string, unknown>;

/**
 * EPCIS 2.0 capture into the caller's chain through the ledger's one append
 * path (LedgerService.recordMovements): all events or none, idempotent by the
 * document's id or its events' eventIDs. Every refusal names the event index
 * and the EPCIS field (`epcisBody.eventList.3.quantityList.0.quantity`).
 */
export class EpcisCaptureService {
  constructor(
    private readonly em: EntityManager,
    private readonly base: string,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'clockSkewMs'>,
    private readonly observers: readonly MovementObserver[],
  ) {}

  async capture(viewer: Viewer, document: unknown): Promise<CaptureResult> {
    const chain = requireEnterprise(viewer);
    const problems = epcisSchemaProblems(document);
    if (problems.length) {
      const pointer = problems[0].pointer.split('/').slice(1);
      throw new ExchangeError('BAD_USER_INPUT', `Not a valid EPCIS 2.0 document: ${problems[0].message}`, pointer, eventIndexOf(pointer));
    }
    const doc = document as Json;
    if (doc.type !== 'EPCISDocument') throw ExchangeError.badParameter(['type'], 'Capture takes an EPCISDocument');
    const events = ((doc.epcisBody as Json).eventList as Json[]) ?? [];
    const requestId = captureKey(doc, events);
    if (!requestId) throw ExchangeError.badParameter(['id'], 'A captured document needs an id, or an eventID on every event, so that a retry is recognised');
    const captured = events.map((event, i) => movementOfEvent(this.base, event, i));
    captured.forEach((c, i) => {
      if (c.chain !== chain) throw ExchangeError.inEvent('FORBIDDEN', i, eventField(i, 'bizLocation'), `Event ${i}: bizLocation is a warehouse of ${c.chain}, not of ${chain}`);
    });
    try {
      const ledger = new LedgerService(this.em, this.clock, this.config, this.observers);
      const recorded = await ledger.recordMovements(viewer, { requestId, entries: captured.map((c) => c.movement) });
      return { captureID: requestId, replayed: recorded.replayed, eventIDs: recorded.entries.map((e) => eventIdOf(e.hash)) };
    } catch (error) {
      throw inEpcisTerms(error, captured);
    }
  }
}

/** `eventIndex` of an error inside `epcisBody.eventList.{i}`. */
function eventIndexOf(path: readonly string[]): Record<string, unknown> | undefined {
  return path[0] === 'epcisBody' && path[1] === 'eventList' && path[2] !== undefined ? { eventIndex: Number(path[2]) } : undefined;
}

/** A ledger error on `input.entries.{i}.{field}` renamed to the EPCIS field it came from. */
function inEpcisTerms(error: unknown, captured: CapturedMovement[]): unknown {
  if (!(error instanceof DomainError) || !error.field) return error;
  const [root, list, index, name, ...rest] = error.field;
  if (root !== 'input' || list !== 'entries') return error;
  if (index === undefined) return new ExchangeError(error.code, error.message, ['epcisBody', 'eventList'], error.details);
  const i = Number(index);
  const path = captured[i]?.fields[String(name)] ?? String(name);
  const field = name === 'inputs' && rest.length ? eventField(i, `inputQuantityList.${rest[0]}.epcClass`) : eventField(i, path);
  return ExchangeError.inEvent(error.code, i, field, error.message.replace(/^Entry (\d+)/, 'Event $1'), error.details);
}
