import { AutoComplete, Spin } from 'antd';
import { graphql } from '../gql';
import type { ProductSearchQuery } from '../gql/graphql';
import { describeProblem, problemsOf } from '../lib/errors';
import { useI18n } from '../lib/i18n';
import { useSearchPages } from '../lib/search-pages';

const ProductSearchQueryDocument = graphql(`
  query ProductSearch($enterprise: CreditCode, $search: String, $after: String) {
    products(enterprise: $enterprise, search: $search, first: 10, after: $after) {
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          traceCode
          tradeName
          unit
        }
      }
    }
  }
`);

export type PickedProduct = ProductSearchQuery['products']['edges'][number]['node'];

/**
 * A product's traceability code, typed in full or found on the server by part of its code or trade name
 * as the user types, ten at a time (scrolling the list fetches more); `onPick` hears the product picked,
 * e.g. for its unit.
 */
export function ProductPicker({ enterprise, value, onChange, onPick, id }: { enterprise?: string; value?: string; onChange?(code: string): void; onPick?(product: PickedProduct): void; id?: string }) {
  const { t } = useI18n();
  const found = useSearchPages(ProductSearchQueryDocument, { enterprise }, (d) => d.products);
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(code: string) => {
        onChange?.(code);
        found.setText(code);
      }}
      onSelect={(code: string) => {
        const product = found.rows.find((p) => p.traceCode === code);
        if (product) onPick?.(product);
      }}
      options={found.rows.map((p) => ({ value: p.traceCode, label: `${p.traceCode} ${p.tradeName}` }))}
      showSearch={{ filterOption: false }}
      // The first match is the active option (Enter picks it), and the input's aria-activedescendant names a real option.
      defaultActiveFirstOption
      placeholder={t('searchProduct')}
      notFoundContent={found.fetching ? <Spin size="small" /> : found.error ? describeProblem(problemsOf(found.error)[0], t) : t('noData')}
      onPopupScroll={found.onPopupScroll}
    />
  );
}
