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

/** The rows of ENUM_LABELS, of the named enums or of all, ordered by enum then the table's order. */
export function enumLabels(enums?: readonly string[] | null): EnumValueLabel[] {
  enums?.forEach((name, index) => {
    if (!Object.hasOwn(ENUM_LABELS, name)) throw LabelsError.unknownEnum(name, index);
  });
  const names = enums ? [...new Set(enums)] : Object.keys(ENUM_LABELS);
  return names.flatMap((name) => Object.entries(ENUM_LABELS[name]!).map(([value, label]) => ({ enum: name, value, label })));
}
