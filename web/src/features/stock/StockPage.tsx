import { Card, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/SessionContext';
import { PagedTable, usePagedQuery } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { StockQuery } from '../../gql/graphql';
import { formatDateTime, formatQuantity } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { isRegulator } from '../../lib/session';

const StockQueryDocument = graphql(`
  query Stock($enterprise: CreditCode, $after: String) {
    stock(enterprise: $enterprise, first: 20, after: $after) {
      totalCount
      totals {
        productCode
        quantity
        unit
        batches
        product {
          tradeName
          chemical {
            name
          }
        }
      }
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          batch
          quantity
          updatedAt
          warehouse {
            code
            name
          }
          product {
            traceCode
            tradeName
            unit
            chemical {
              name
            }
          }
        }
      }
    }
  }
`);

// Refetched after a movement is recorded even when the page held no row yet.
const STOCK_CONTEXT = { additionalTypenames: ['StockBalance', 'LedgerEntry'] };

type Row = StockQuery['stock']['edges'][number]['node'];

/** 库存: stock per warehouse, product and batch, 20 a page, with each product's total. An enterprise sees its own; the enterprise page passes one. */
export function StockList({ enterprise }: { enterprise?: string }) {
  const { t, language } = useI18n();
  const label = useLabel();
  const { session } = useSession();
  const { data, paged } = usePagedQuery(StockQueryDocument, { enterprise }, { context: STOCK_CONTEXT });
  const stock = data?.stock;
  const traceLink = isRegulator(session);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="large">
        {stock?.totals.map((total) => (
          <Card key={total.productCode} size="small">
            <Statistic
              title={`${total.product.tradeName}（${total.product.chemical.name}）`}
              value={formatQuantity(total.quantity, label('Unit', total.unit))}
              suffix={<Typography.Text type="secondary"> · {t('batchCount', { n: total.batches })}</Typography.Text>}
            />
          </Card>
        ))}
      </Space>
      <PagedTable<Row>
        connection={stock}
        {...paged}
        columns={[
          { title: t('warehouse'), key: 'warehouse', render: (_, r) => `${r.warehouse.code} ${r.warehouse.name}` },
          { title: t('product'), key: 'product', render: (_, r) => `${r.product.tradeName}（${r.product.chemical.name}）` },
          { title: t('traceProduct'), key: 'code', render: (_, r) => r.product.traceCode },
          {
            title: t('traceBatch'),
            dataIndex: 'batch',
            render: (batch: string, r) => (traceLink ? <Link to={`/trace?product=${r.product.traceCode}&batch=${encodeURIComponent(batch)}`}>{batch}</Link> : batch),
          },
          { title: t('quantity'), key: 'quantity', align: 'right', render: (_, r) => formatQuantity(r.quantity, label('Unit', r.product.unit)) },
          { title: t('updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, language) },
        ]}
      />
    </Space>
  );
}

export default function StockPage() {
  const { t } = useI18n();
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('stock')}</h2>}>
      <StockList />
    </Card>
  );
}
