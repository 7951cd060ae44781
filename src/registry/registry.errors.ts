import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';
import type { BatchCodeProblem } from '../proof/batch-code';
import type { TraceCodeProblem } from '../proof/trace-code';

export class RegistryError extends DomainError {
  static invalidCreditCode(field: Field, value: string): RegistryError {
    return new RegistryError(CommonCode.BAD_USER_INPUT, `"${value}" is not a valid unified social credit code (GB 32100-2015)`, field);
  }

  static invalidCasNumber(field: Field, value: string): RegistryError {
    return new RegistryError(CommonCode.BAD_USER_INPUT, `"${value}" is not a valid CAS number`, field);
  }

  static invalidTraceCode(field: Field, value: string, reason: TraceCodeProblem): RegistryError {
    const why: Record<TraceCodeProblem, string> = {
      LENGTH: 'a traceability code has 25 characters',
      CHARACTER: 'it holds a character outside the code alphabet',
      CHECK_CHARACTER: 'its check character does not match: probably mistyped',
      CREDIT_CODE: 'it does not start with a valid credit code',
    };
    return new RegistryError(CommonCode.BAD_USER_INPUT, `"${value}" is not a valid traceability code: ${why[reason]}`, field, { reason });
  }

  static invalidBatchCode(field: Field, value: string, reason: BatchCodeProblem): RegistryError {
    const why: Record<BatchCodeProblem, string> = {
      LENGTH: 'a batch code has 27 to 46 characters',
      CHARACTER: 'it holds a character outside the code alphabet',
      CHECK_CHARACTER: 'its check character does not match: probably mistyped',
      TRACE_CODE: 'it does not start with a valid traceability code',
    };
    return new RegistryError(CommonCode.BAD_USER_INPUT, `"${value}" is not a valid batch code: ${why[reason]}`, field, { reason });
  }

  static batchNumberNotCodable(field: Field, value: string): RegistryError {
    return new RegistryError(
      CommonCode.BAD_USER_INPUT,
      `Batch number "${value}" cannot be coded: use 1 to 20 digits and capitals of the code alphabet (no I, O, S, V, Z)`,
      field,
      { reason: 'NOT_CODABLE' },
    );
  }

  static batchNotFound(what: string, field?: Field): RegistryError {
    return new RegistryError(CommonCode.NOT_FOUND, `No batch ${what}`, field);
  }

  static batchExists(code: string): RegistryError {
    return new RegistryError(CommonCode.CONFLICT, `Batch ${code} is already coded`, ['input', 'batch']);
  }

  static invalid(field: Field, message: string): RegistryError {
    return new RegistryError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static enterpriseNotFound(creditCode: string, field?: Field): RegistryError {
    return new RegistryError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
  }

  static chemicalNotFound(field: Field, what: string): RegistryError {
    return new RegistryError(CommonCode.NOT_FOUND, `No catalogue chemical ${what}`, field);
  }

  static productNotFound(traceCode: string, field?: Field): RegistryError {
    return new RegistryError(CommonCode.NOT_FOUND, `No product with traceability code ${traceCode}`, field);
  }

  static warehouseNotFound(code: string, field?: Field): RegistryError {
    return new RegistryError(CommonCode.NOT_FOUND, `No warehouse ${code} in this enterprise`, field);
  }

  static enterpriseExists(creditCode: string): RegistryError {
    return new RegistryError(CommonCode.CONFLICT, `Enterprise ${creditCode} is already registered`, ['input', 'creditCode']);
  }

  static warehouseExists(code: string): RegistryError {
    return new RegistryError(CommonCode.CONFLICT, `Warehouse code ${code} is already used in this enterprise`, ['input', 'code']);
  }

  static productNumbersExhausted(creditCode: string): RegistryError {
    return new RegistryError(CommonCode.CONFLICT, `Enterprise ${creditCode} has used every product number`);
  }
}
