import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';

export class SupervisionError extends DomainError {
  static unknownJob(name: string, known: readonly string[], field: Field = ['name']): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, `No job "${name}"; jobs are ${known.join(', ')}`, field);
  }

  static invalidSchedule(job: string, cron: string): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, `Job ${job}: "${cron}" is not a valid cron expression (set JOB_${job.toUpperCase().replace(/-/g, '_')}_CRON)`);
  }

  static invalid(field: Field, message: string): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static jobRunNotFound(id: string): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No job run ${id}`, ['id']);
  }

  static warehouseNotFound(id: string): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No warehouse ${id}`, ['warehouse']);
  }

  static certificateExists(number: string): SupervisionError {
    return new SupervisionError(CommonCode.CONFLICT, `Certificate ${number} of that type is already registered`, ['input', 'number']);
  }

  static certificateNotFound(id: string): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No special-operation certificate ${id}`, ['input', 'id']);
  }

  static enterpriseNotFound(creditCode: string, field: Field): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
  }

  static invalidMonth(value: string): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, `"${value}" is not a month (YYYY-MM)`, ['month']);
  }
}
