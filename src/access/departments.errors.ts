import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';

export class DepartmentsError extends DomainError {
  static invalid(field: Field, message: string): DepartmentsError {
    return new DepartmentsError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static notFound(code: string, field: Field): DepartmentsError {
    return new DepartmentsError(CommonCode.NOT_FOUND, `No partner department ${code}`, field);
  }

  static inactive(code: string, field: Field): DepartmentsError {
    return new DepartmentsError(CommonCode.BAD_USER_INPUT, `Department ${code} is deactivated`, field);
  }

  static active(code: string, field: Field): DepartmentsError {
    return new DepartmentsError(CommonCode.BAD_USER_INPUT, `Department ${code} is active`, field);
  }

  static taken(what: 'code' | 'name', value: string): DepartmentsError {
    return new DepartmentsError(CommonCode.CONFLICT, `A department with ${what} ${value} already exists`, ['input', what]);
  }

  static forbidden(message: string): DepartmentsError {
    return new DepartmentsError(CommonCode.FORBIDDEN, message);
  }
}
