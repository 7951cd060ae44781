import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { ScalarInputError } from '../graphql/scalars';

/** A department code: upper-case letters, digits and underscores, like the enum values it replaced. */
export const DEPARTMENT_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * The columns are foreign keys to the department table, mapped to its code; an entity the ORM has
 * just created can still hold the department as a reference, whose code is what the schema says.
 */
function serialize(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const department = value as { code?: string; unwrap?: () => { code: string } };
  return department.code ?? department.unwrap!().code;
}

function parse(value: unknown): string {
  if (typeof value !== 'string' || !DEPARTMENT_CODE.test(value)) {
    throw new ScalarInputError(`Department ${JSON.stringify(value)}: a department code is 2 to 40 upper-case letters, digits or _ (e.g. FIRE_RESCUE)`);
  }
  return value;
}

/**
 * The schema's `Department`, once an enum of five values, now a scalar whose
 * values are the codes of the `department` table, so the bureau adds a
 * department without a release. It keeps the name and accepts what the enum
 * accepted: an unquoted literal (`department: FIRE_RESCUE`) as well as a
 * string, and answers the same strings, so operations written for the enum
 * still validate and run. The scalar checks the form; whether the code names
 * an active department is the service's check against the table.
 */
export const DepartmentScalar = new GraphQLScalarType({
  name: 'Department',
  description: 'A partner department\'s code (the `departments` query lists them), e.g. FIRE_RESCUE; written as a string or, as when it was an enum, unquoted',
  serialize,
  parseValue: parse,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.ENUM) throw new ScalarInputError('Department must be a code, e.g. FIRE_RESCUE');
    return parse(ast.value);
  },
});
