import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { isValidCasNumber } from '../proof/cas-number';
import { isValidCreditCode } from '../proof/credit-code';

/** Thrown by a scalar's parser; the edge keeps its BAD_USER_INPUT code even for inline literals. */
export class ScalarInputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

function stringScalar(name: string, description: string, check: (value: string) => string | null): GraphQLScalarType {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string') throw new ScalarInputError(`${name} must be a string`);
    const problem = check(value);
    if (problem) throw new ScalarInputError(`${name} "${value}": ${problem}`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new ScalarInputError(`${name} must be a string`);
      return parse(ast.value);
    },
  });
}

export const CreditCodeScalar = stringScalar(
  'CreditCode',
  'Unified social credit code (GB 32100-2015): 18 characters, the last a check character',
  (value) => (isValidCreditCode(value) ? null : 'not a valid unified social credit code (length, alphabet or check character)'),
);

export const CasNumberScalar = stringScalar(
  'CasNumber',
  'CAS Registry Number, e.g. "7664-41-7", with a valid check digit',
  (value) => (isValidCasNumber(value) ? null : 'not a valid CAS number (format or check digit)'),
);

/** Decimal strings keep quantities exact: no floats cross the API. */
export const DecimalScalar = stringScalar(
  'Decimal',
  'A decimal number as a string, e.g. "125.500"',
  (value) => (/^-?\d{1,15}(\.\d{1,12})?$/.test(value) ? null : 'not a decimal number'),
);
