import { CommonCode, DomainError } from '../shared/domain-error';
import { ENUM_LABELS } from './enum-labels';

export interface EnumValueLabel {
  enum: string;
  value: string;
  label: string;
}

export class LabelsError extends DomainError {
  static unknownEnum(name: string, index: number): LabelsError {
    return new LabelsError(CommonCode.BAD_USER_INPUT, `No enum named ${name} in the schema`, ['enums', index]);
  }
}

/**
 * The rows of ENUM_LABELS and of `configured` (labels held as data, e.g. the department table's
 * names under `Department`, once an enum), of the named enums or of all, ordered by enum then the
 * tables' order.
 */
export function enumLabels(enums: readonly string[] | null | undefined, configured: Readonly<Record<string, Record<string, string>>> = {}): EnumValueLabel[] {
  const tables = { ...ENUM_LABELS, ...configured };
  enums?.forEach((name, index) => {
    if (!Object.hasOwn(tables, name)) throw LabelsError.unknownEnum(name, index);
  });
  const names = enums ? [...new Set(enums)] : Object.keys(tables);
  return names.flatMap((name) => Object.entries(tables[name]!).map(([value, label]) => ({ enum: name, value, label })));
}
