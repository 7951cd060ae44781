import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';

/** Codes of the ledger beyond the common ones. */
export enum LedgerCode {
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  /** The entry is recorded but not yet in the checkpoint asked for: ask again after the next one. */
  NOT_YET_LOGGED = 'NOT_YET_LOGGED',
  /** An entry longer than a C2SP entry bundle carries (65,535 bytes): written by hand, since appends refuse one. */
  ENTRY_TOO_LARGE = 'ENTRY_TOO_LARGE',
}

/** Why an entry's reference breaks an append rule, in `extensions.reason`. */
export type RuleReason =
  | 'SOURCE_NOT_OUT'
  | 'SOURCE_CHAIN'
  | 'SOURCE_RECEIVER'
  | 'SOURCE_BATCH'
  | 'OVER_RECEIPT'
  | 'CORRECTS_CORRECTION'
  | 'CORRECTION_MISMATCH'
  | 'OVER_CORRECTION'
  | 'SHIPMENT_RECEIVED'
  | 'INPUT_NOT_HELD';

/** The path of field `name` of entry `index`: ['input', 'entries', index, name]. */
export function entryField(index: number, ...rest: (string | number)[]): Field {
  return ['input', 'entries', index, ...rest];
}

export class LedgerError extends DomainError {
  static invalid(field: Field, message: string): LedgerError {
    return new LedgerError(CommonCode.BAD_USER_INPUT, message, field);
  }

  /** A scanned or typed code that fails its own check; `reason` says how (LENGTH, CHARACTER, CHECK_CHARACTER …). */
  static invalidCode(field: Field, message: string, reason: string): LedgerError {
    return new LedgerError(CommonCode.BAD_USER_INPUT, message, field, { reason });
  }

  static shipmentClosed(code: string): LedgerError {
    return new LedgerError(CommonCode.CONFLICT, `Shipment ${code} was received and closed already`, ['input', 'code']);
  }

  static shipmentNotFound(code: string, field: Field = ['input', 'code']): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `No shipment with code ${code}`, field);
  }

  static tooManyEntries(count: number, max: number): LedgerError {
    return new LedgerError(CommonCode.BAD_USER_INPUT, `A submission holds 1 to ${max} entries, not ${count}`, ['input', 'entries'], { count, maximum: max });
  }

  static breaksRule(field: Field, reason: RuleReason, message: string): LedgerError {
    return new LedgerError(CommonCode.BAD_USER_INPUT, message, field, { reason });
  }

  static insufficientStock(index: number, key: { warehouse: string; product: string; batch: string }, available: string, wanted: string): LedgerError {
    return new LedgerError(
      LedgerCode.INSUFFICIENT_STOCK,
      `Entry ${index}: ${wanted} of batch ${key.batch} of ${key.product} leaves warehouse ${key.warehouse}, which holds ${available}`,
      entryField(index, 'quantity'),
      { available, requested: wanted },
    );
  }

  static enterpriseNotFound(creditCode: string): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `Enterprise ${creditCode} is not registered`);
  }

  static warehouseNotFound(index: number, code: string): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `Entry ${index}: no warehouse ${code} in this enterprise`, entryField(index, 'warehouse'));
  }

  static productNotFound(field: Field, code: string): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `No product with traceability code ${code}`, field);
  }

  static entryNotFound(field: Field, hash: string, what: string): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `No ${what} with hash ${hash}`, field);
  }

  static requestConflict(requestId: string): LedgerError {
    return new LedgerError(
      CommonCode.CONFLICT,
      `requestId ${requestId} was already used for a submission with other content`,
      ['input', 'requestId'],
    );
  }

  static chainNotFound(creditCode: string): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, ['creditCode']);
  }

  static noCheckpoint(): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, 'The log has signed no checkpoint yet');
  }

  static noLogKey(): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, 'This server publishes no log key');
  }

  static checkpointNotFound(size: number, field: Field): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `The log has signed no checkpoint of size ${size}`, field);
  }

  static logEntryNotFound(chain: string, seq: number): LedgerError {
    return new LedgerError(CommonCode.NOT_FOUND, `No entry ${seq} of chain ${chain} that this token may read`, ['seq']);
  }

  static notYetLogged(chain: string, seq: number, size: number): LedgerError {
    return new LedgerError(LedgerCode.NOT_YET_LOGGED, `Entry ${seq} of chain ${chain} is not in the checkpoint of size ${size} yet`, ['seq'], { treeSize: size });
  }

  static entryTooLarge(entry: { logIndex: number; chain: string; seq: number }, bytes: number, max: number): LedgerError {
    return new LedgerError(
      LedgerCode.ENTRY_TOO_LARGE,
      `Entry ${entry.seq} of chain ${entry.chain} (log index ${entry.logIndex}) is ${bytes} bytes, longer than an entry bundle carries (${max.toLocaleString('en-US')}): read it with its proof, /log/entries/${entry.chain}/${entry.seq}/proof`,
      ['path'],
      { ...entry, bytes },
    );
  }

  static invalidArgument(field: Field, message: string): LedgerError {
    return new LedgerError(CommonCode.BAD_USER_INPUT, message, field);
  }
}
