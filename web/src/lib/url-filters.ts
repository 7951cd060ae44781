import { useSearchParams } from 'react-router-dom';

/**
 * A list's filters kept in the address (?town=高桥镇), so that a link, a reload or the back button opens the
 * same list: their values, and what a filter form's submit calls (text trimmed, blanks dropped).
 */
export function useUrlFilters<Name extends string>(names: readonly Name[]) {
  const [params, setParams] = useSearchParams();
  const values: Partial<Record<Name, string>> = {};
  for (const name of names) values[name] = params.get(name) || undefined;
  const apply = (next: Partial<Record<Name, string>>) =>
    setParams(Object.fromEntries(names.flatMap((name) => (next[name]?.trim() ? [[name, next[name].trim()]] : []))));
  return [values, apply] as const;
}
