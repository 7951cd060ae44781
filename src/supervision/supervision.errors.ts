import { CommonCode, DomainError, FieldPath, inputField } from '../shared/domain-error';

export class SupervisionError extends DomainError {
  static unknownJob(name: string, known: readonly string[], field: FieldPath = ['name']): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, `No job "${name}"; jobs are ${known.join(', ')}`, field);
  }

  static invalidSchedule(job: string, cron: string): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, `Job ${job}: "${cron}" is not a valid cron expression (set JOB_${job.toUpperCase().replace(/-/g, '_')}_CRON)`);
  }

  static invalid(field: FieldPath, message: string): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static jobRunNotFound(id: string): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No job run ${id}`, ['id']);
  }

  static warehouseNotFound(id: string): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No warehouse ${id}`, ['warehouse']);
  }

  static certificateExists(number: string): SupervisionError {
    return new SupervisionError(CommonCode.CONFLICT, `Certificate ${number} of that type is already registered`, inputField('number'));
  }

  static certificateNotFound(id: string): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No special-operation certificate ${id}`, inputField('id'));
  }

  static enterpriseNotFound(creditCode: string, field: FieldPath): SupervisionError {
    return new SupervisionError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
  }

  static invalidMonth(value: string): SupervisionError {
    return new SupervisionError(CommonCode.BAD_USER_INPUT, `"${value}" is not a month (YYYY-MM)`, ['month']);
  }
}
