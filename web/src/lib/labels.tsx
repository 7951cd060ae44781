import { createContext, ReactNode, useCallback, useContext, useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useI18n } from './i18n';

const EnumLabelsQuery = graphql(`
  query EnumLabels {
    enumLabels {
      enum
      value
      label
    }
  }
`);

type LabelOf = (enumName: string, value: string | null | undefined) => string;
const LabelsContext = createContext<LabelOf | null>(null);

const humanise = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

/** Loads the API's enum labels once; in English the value itself is shown, humanised. */
export function LabelsProvider({ children }: { children: ReactNode }) {
  const [{ data }] = useQuery({ query: EnumLabelsQuery });
  const { language } = useI18n();
  const table = useMemo(() => new Map((data?.enumLabels ?? []).map((l) => [`${l.enum}.${l.value}`, l.label])), [data]);
  const labelOf = useCallback<LabelOf>(
    (enumName, value) => {
      if (!value) return '—';
      return (language === 'zh' ? table.get(`${enumName}.${value}`) : undefined) ?? humanise(value);
    },
    [table, language],
  );
  return <LabelsContext.Provider value={labelOf}>{children}</LabelsContext.Provider>;
}

export function useLabel(): LabelOf {
  const value = useContext(LabelsContext);
  if (!value) throw new Error('useLabel outside LabelsProvider');
  return value;
}
