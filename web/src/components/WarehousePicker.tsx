import { Select, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { graphql } from '../gql';
import { describeProblem, problemsOf } from '../lib/errors';
import { useI18n } from '../lib/i18n';
import { useSearchPages } from '../lib/search-pages';

const WarehouseSearchQuery = graphql(`
  query WarehouseSearch($enterprise: CreditCode!, $search: String, $after: String) {
    warehouses(enterprise: $enterprise, search: $search, first: 10, after: $after) {
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

/** The label a picked warehouse keeps when a later search no longer lists it. */
const labelOf = (w: { code: string; name: string }) => `${w.code} ${w.name}`;

/**
 * One of the enterprise's warehouses, searched on the server by part of its code or name as the user
 * types, ten at a time (scrolling the list fetches more), so the 101st is as reachable as the first.
 * `pickFirst` fills an empty value with the first warehouse, as a receipt is pre-filled to go in one click.
 */
export function WarehousePicker({ enterprise, pickFirst, value, onChange, id }: { enterprise: string; pickFirst?: boolean; value?: string; onChange?(code: string): void; id?: string }) {
  const { t } = useI18n();
  const found = useSearchPages(WarehouseSearchQuery, { enterprise }, (d) => d.warehouses);
  const labels = useRef(new Map<string, string>());
  for (const w of found.rows) labels.current.set(w.code, labelOf(w));
  const first = found.search ? undefined : found.rows[0]?.code;
  useEffect(() => {
    if (pickFirst && !value && first) onChange?.(first);
  }, [pickFirst, value, first, onChange]);

  const options = found.rows.map((w) => ({ value: w.code, label: labelOf(w) }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: labels.current.get(value) ?? value });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{ filterOption: false, onSearch: found.setText }}
      placeholder={t('searchWarehouse')}
      notFoundContent={found.fetching ? <Spin size="small" /> : found.error ? describeProblem(problemsOf(found.error)[0], t) : t('noData')}
      onPopupScroll={found.onPopupScroll}
    />
  );
}
