import { batchCodeProblem, normalizeBatchCode, parseBatchCode } from '../proof/batch-code';
import { BatchRef, businessListPieces, EntryDirection, EntryFields, EntryReason, reasonFits, sortBatchRefs } from '../proof/canonical-entry';
import { isValidCreditCode } from '../proof/credit-code';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { isHash, sha256HexOfPieces } from '../proof/sha256';
import { normalizeTraceCode, traceCodeProblem } from '../proof/trace-code';
import { Unit } from '../registry/registry.enums';
import { entryField, LedgerError } from './ledger.errors';
import { MovementInput, RecordMovementsInput } from './ledger.inputs';
import { MovementReason } from './ledger.enums';

export const MAX_ENTRIES_PER_SUBMISSION = 1000;
/**
 * A PRODUCTION's inputs: the one list in an entry, so what bounds its canonical text. Each text is at
 * most 64 characters (256 UTF-8 bytes), so 100 inputs keep the text near 33 KB at the worst, within the
 * 65,535 bytes a C2SP entry bundle carries (docs/log.md; movement-submission.test.ts checks the worst case).
 */
export const MAX_INPUTS = 100;
const MAX_TEXT = 64;
/** 15 integer digits: numeric(18,3). */
const MAX_THOUSANDTHS = 10n ** 18n - 1n;

/** One submitted entry after every check that needs no database: an entry's fields before it is recorded. */
export interface SubmittedMovement extends Omit<EntryFields, 'unit' | 'occurredAt' | 'recordedAt' | 'requestId'> {
  index: number;
  thousandths: bigint;
  unit: Unit;
  occurredAt: Date;
}

export interface Submission {
  requestId: string;
  movements: SubmittedMovement[];
  /** SHA-256 of the JCS of the normalised entries: what "same content" means for a retry. */
  digest: string;
}

/**
 * Checks a submission without the database: counts, formats, direction and
 * reason, which optional fields each reason takes, quantities, times. Returns
 * the entries in canonical form and the content digest.
 */
export function checkSubmission(input: RecordMovementsInput, now: Date, clockSkewMs: number): Submission {
  const { requestId, entries, checkEntry } = submissionChecker(input, now, clockSkewMs);
  const movements = entries.map(checkEntry);
  return { requestId, movements, digest: contentDigest(movements) };
}

/**
 * The same checks for a dry run: every entry is checked, each one that fails is left out and its problem
 * returned (the first of its problems), so a file's bad rows are all named at once.
 */
export function checkEachEntry(input: RecordMovementsInput, now: Date, clockSkewMs: number): { movements: SubmittedMovement[]; problems: LedgerError[] } {
  const { entries, checkEntry } = submissionChecker(input, now, clockSkewMs);
  const movements: SubmittedMovement[] = [];
  const problems: LedgerError[] = [];
  entries.forEach((entry, index) => {
    try {
      movements.push(checkEntry(entry, index));
    } catch (problem) {
      if (!(problem instanceof LedgerError)) throw problem;
      problems.push(problem);
    }
  });
  return { movements, problems };
}

/** The submission-wide checks (requestId, count), then a checker of one entry. */
function submissionChecker(input: RecordMovementsInput, now: Date, clockSkewMs: number) {
  const requestId = input.requestId ?? '';
  if ([...requestId].length < 1 || [...requestId].length > MAX_TEXT || /[\u0000-\u001f\u007f]/.test(requestId)) {
    throw LedgerError.invalid(['input', 'requestId'], 'requestId must be 1 to 64 characters, without control characters');
  }
  const entries = input.entries ?? [];
  if (entries.length < 1 || entries.length > MAX_ENTRIES_PER_SUBMISSION) throw LedgerError.tooManyEntries(entries.length, MAX_ENTRIES_PER_SUBMISSION);
  const latest = now.getTime() + clockSkewMs;
  // A bulk submission names a few products many times: each code is checked once.
  const productCodes = new Map<string, string>();
  const productCode = (field: ReadonlyArray<string | number>, value: string) => {
    let code = productCodes.get(value);
    if (code === undefined) {
      code = checkProductCode(field, value);
      productCodes.set(value, code);
    }
    return code;
  };
  const checkEntry = (entry: MovementInput, index: number): SubmittedMovement => {
    const direction = entry.direction as EntryDirection;
    const reason = entry.reason as EntryReason;
    if (!reasonFits(direction, reason)) {
      throw LedgerError.invalid(entryField(index, 'reason'), `Entry ${index}: reason ${reason} does not fit direction ${direction}`);
    }
    const quantity = parseThousandths(entry.quantity ?? '');
    if (quantity === 'FORMAT' || (typeof quantity === 'bigint' && (quantity <= 0n || quantity > MAX_THOUSANDTHS)) || entry.quantity !== entry.quantity.trim()) {
      throw LedgerError.invalid(entryField(index, 'quantity'), `Entry ${index}: quantity must be a positive decimal below 10^15, e.g. "125.5"`);
    }
    if (quantity === 'PRECISION') {
      throw LedgerError.invalid(entryField(index, 'quantity'), `Entry ${index}: quantity has more than 3 fractional digits`);
    }
    const occurredAt = parseInstant(entry.occurredAt ?? '');
    if (!occurredAt) {
      throw LedgerError.invalid(entryField(index, 'occurredAt'), `Entry ${index}: occurredAt must be ISO 8601 with a time zone, e.g. "2026-11-26T08:30:00.000Z"`);
    }
    if (occurredAt.getTime() > latest) {
      throw LedgerError.invalid(entryField(index, 'occurredAt'), `Entry ${index}: occurredAt ${occurredAt.toISOString()} is in the future`);
    }
    const counterparty = optional(entry.counterparty);
    if (counterparty !== null && !isValidCreditCode(counterparty)) {
      throw LedgerError.invalid(entryField(index, 'counterparty'), `Entry ${index}: counterparty "${counterparty}" is not a valid credit code`);
    }
    const sourceHash = optional(entry.sourceHash);
    if (sourceHash !== null) {
      if (!isHash(sourceHash)) throw LedgerError.invalid(entryField(index, 'sourceHash'), `Entry ${index}: sourceHash must be 64 lowercase hex characters`);
      if (direction !== 'IN' || reason === MovementReason.PRODUCTION || reason === MovementReason.CORRECTION) {
        throw LedgerError.invalid(entryField(index, 'sourceHash'), `Entry ${index}: only an IN receiving a shipment (not PRODUCTION or CORRECTION) names a sourceHash`);
      }
      if (counterparty === null) {
        throw LedgerError.invalid(entryField(index, 'counterparty'), `Entry ${index}: a receipt with sourceHash names the shipper as counterparty`);
      }
    }
    const corrects = optional(entry.corrects);
    if (reason === MovementReason.CORRECTION) {
      if (corrects === null || !isHash(corrects)) {
        throw LedgerError.invalid(entryField(index, 'corrects'), `Entry ${index}: a CORRECTION names the hash of the entry it corrects (64 lowercase hex characters)`);
      }
    } else if (corrects !== null) {
      throw LedgerError.invalid(entryField(index, 'corrects'), `Entry ${index}: only a CORRECTION names corrects`);
    }
    let inputs: BatchRef[] | null = null;
    if (reason === MovementReason.PRODUCTION) {
      inputs = checkInputs(index, entry.inputs ?? [], productCode);
    } else if (entry.inputs != null) {
      throw LedgerError.invalid(entryField(index, 'inputs'), `Entry ${index}: only a PRODUCTION entry names inputs`);
    }
    const { product, batch } = namedBatch(index, entry, productCode);
    if (inputs?.some((ref) => ref.product === product && ref.batch === batch)) {
      throw LedgerError.invalid(entryField(index, 'inputs'), `Entry ${index}: a batch is not an input of itself`);
    }
    return {
      index,
      direction,
      reason,
      warehouse: checkText(entry.warehouse, index, 'warehouse'),
      product,
      batch,
      quantity: formatThousandths(quantity),
      thousandths: quantity,
      unit: entry.unit,
      counterparty,
      sourceHash,
      inputs,
      corrects,
      transportDoc: entry.transportDoc == null ? null : checkText(entry.transportDoc, index, 'transportDoc'),
      occurredAt,
    };
  };
  return { requestId, entries, checkEntry };
}

/** A movement's business fields as the canonical object states them (everything but what the server adds). */
export function businessFields(m: SubmittedMovement): Omit<EntryFields, 'recordedAt' | 'requestId'> {
  return {
    direction: m.direction,
    reason: m.reason,
    warehouse: m.warehouse,
    product: m.product,
    batch: m.batch,
    quantity: m.quantity,
    unit: m.unit,
    counterparty: m.counterparty,
    sourceHash: m.sourceHash,
    inputs: m.inputs,
    corrects: m.corrects,
    transportDoc: m.transportDoc,
    occurredAt: m.occurredAt.toISOString(),
  };
}

/**
 * The digest of what was submitted, in canonical form: "1.5" and "1.500", or inputs in another order, are the same
 * content. SHA-256 of the JCS of the list of business fields (checked entries are well formed, so written out
 * directly, in pieces: businessListPieces).
 */
export function contentDigest(movements: readonly SubmittedMovement[]): string {
  return sha256HexOfPieces(businessListPieces(movements.map(businessFields)));
}

function optional(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : value;
}

/** Field `name` of entry `index` (of its input `input` when given): the path is made only to name a refusal. */
function checkText(value: string | null | undefined, index: number, name: string, input?: number): string {
  const text = value ?? '';
  // A text has at most as many code points as code units: only a longer one than MAX_TEXT units needs counting.
  const length = text.length > MAX_TEXT ? [...text].length : text.length;
  if (length < 1 || length > MAX_TEXT || text !== text.trim() || /[\u0000-\u001f\u007f]/.test(text)) {
    const field = input === undefined ? entryField(index, name) : entryField(index, 'inputs', input, name);
    throw LedgerError.invalid(field, `Entry ${index}: ${name} must be 1 to 64 characters, without surrounding spaces or control characters`);
  }
  return text;
}

/**
 * The product and batch an entry names: by product and batch, or by the batch code scanned from a package,
 * which says both (with both given, they must agree). Either way the entry holds product and batch.
 */
function namedBatch(
  index: number,
  entry: Pick<MovementInput, 'product' | 'batch' | 'batchCode'>,
  productCode: (field: ReadonlyArray<string | number>, value: string) => string,
): BatchRef {
  if (entry.batchCode == null) {
    return { product: productCode(entryField(index, 'product'), entry.product ?? ''), batch: checkText(entry.batch, index, 'batch') };
  }
  const field = entryField(index, 'batchCode');
  const code = normalizeBatchCode(entry.batchCode);
  const problem = batchCodeProblem(code);
  if (problem) throw LedgerError.invalidCode(field, `Entry ${index}: "${entry.batchCode}" is not a valid batch code (${problem})`, problem);
  const { traceCode, batch } = parseBatchCode(code);
  const product = productCode(field, traceCode);
  if ((entry.product != null && productCode(entryField(index, 'product'), entry.product) !== product) || (entry.batch != null && entry.batch !== batch)) {
    throw LedgerError.invalid(field, `Entry ${index}: batch code ${code} names product ${product} batch ${batch}, not the product and batch given`);
  }
  return { product, batch };
}

function checkProductCode(field: ReadonlyArray<string | number>, value: string): string {
  const code = normalizeTraceCode(value);
  const problem = traceCodeProblem(code);
  if (problem) throw LedgerError.invalid(field, `"${value}" is not a valid traceability code (${problem})`);
  return code;
}

function checkInputs(
  index: number,
  refs: readonly { product: string; batch: string }[],
  productCode: (field: ReadonlyArray<string | number>, value: string) => string,
): BatchRef[] {
  if (refs.length > MAX_INPUTS) {
    throw LedgerError.invalid(entryField(index, 'inputs'), `Entry ${index}: a PRODUCTION names at most ${MAX_INPUTS} inputs, not ${refs.length} (so that its canonical text fits the log's entry bundles)`);
  }
  const seen = new Set<string>();
  const checked = refs.map((ref, j) => {
    const product = productCode(entryField(index, 'inputs', j, 'product'), ref.product);
    const batch = checkText(ref.batch, index, 'batch', j);
    const key = `${product}\u0000${batch}`;
    if (seen.has(key)) throw LedgerError.invalid(entryField(index, 'inputs', j), `Entry ${index}: input ${product} ${batch} is named twice`);
    seen.add(key);
    return { product, batch };
  });
  return sortBatchRefs(checked);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1];

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** An ISO 8601 instant with a zone offset, to the millisecond; null when malformed or impossible (Feb 30). */
export function parseInstant(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}
