import { Descriptions, Drawer, Typography } from 'antd';
import { pagedListOf } from '../../components/PagedTable';
import { graphql } from '../../gql';
import { formatDateTime, formatQuantity } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import type { TraceData, TraceNodeData } from './trace-model';

const HoldingEntriesQuery = graphql(`
  query HoldingEntries($enterprise: CreditCode!, $product: String!, $batch: String!, $warehouse: String!, $after: String) {
    movements(enterprise: $enterprise, product: $product, batch: $batch, warehouse: $warehouse, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          seq
          direction
          reason
          quantity
          unit
          occurredAt
          counterpartyCode
          counterparty {
            name
          }
          hash
        }
      }
    }
  }
`);

/** A node of the trace: who holds what, the flows in and out of it, and (for a holding) its ledger entries, a page at a time. */
export function NodeDetails({ trace, node, onClose }: { trace: TraceData; node: TraceNodeData | null; onClose(): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const holding = node && !node.inTransit && node.warehouseCode ? node : null;
  if (!node) return <Drawer open={false} onClose={onClose} />;
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const unit = label('Unit', node.product.unit);
  const flows = (ids: { id: string; kind: string; quantity: string }[]) =>
    ids.map((f) => `${byId.get(f.id)?.enterprise?.name ?? byId.get(f.id)?.enterpriseCode ?? f.id} · ${label('TraceEdgeKind', f.kind)} · ${formatQuantity(f.quantity, unit)}`);
  const incoming = flows(trace.edges.filter((e) => e.to === node.id).map((e) => ({ id: e.from, kind: e.kind, quantity: e.quantity })));
  const outgoing = flows(trace.edges.filter((e) => e.from === node.id).map((e) => ({ id: e.to, kind: e.kind, quantity: e.quantity })));
  return (
    <Drawer open onClose={onClose} size="large" title={node.enterprise?.name ?? node.enterpriseCode}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('creditCode')}>
          {node.enterpriseCode} {!node.enterprise && t('unregistered')}
        </Descriptions.Item>
        <Descriptions.Item label={t('warehouse')}>{node.inTransit ? t('inTransit') : `${node.warehouseCode} ${node.warehouse?.name ?? ''}`}</Descriptions.Item>
        <Descriptions.Item label={t('product')}>
          {node.product.tradeName}（{node.product.chemical.name}） {node.productCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('traceBatch')}>{node.batch}</Descriptions.Item>
        <Descriptions.Item label={t('quantity')}>{formatQuantity(node.quantity, unit)}</Descriptions.Item>
        <Descriptions.Item label={t('depth')}>{node.depth}</Descriptions.Item>
        <Descriptions.Item label={t('flowsIn')}>{incoming.length ? incoming.map((f) => <div key={f}>{f}</div>) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('flowsOut')}>{outgoing.length ? outgoing.map((f) => <div key={f}>{f}</div>) : '—'}</Descriptions.Item>
      </Descriptions>
      {holding && (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {t('entries')}
          </Typography.Title>
          <HoldingEntries variables={{ enterprise: holding.enterpriseCode, product: holding.productCode, batch: holding.batch, warehouse: holding.warehouseCode! }} />
        </>
      )}
    </Drawer>
  );
}

/** A holding's ledger entries, 20 a page. */
const HoldingEntries = pagedListOf(HoldingEntriesQuery, (d) => d.movements, ({ t, language, label }) => [
  { title: t('occurredAt'), dataIndex: 'occurredAt', render: (v: string) => formatDateTime(v, language) },
  { title: t('directionLabel'), dataIndex: 'direction', render: (v: string) => label('Direction', v) },
  { title: t('reason'), dataIndex: 'reason', render: (v: string) => label('MovementReason', v) },
  { title: t('quantity'), dataIndex: 'quantity', align: 'right', render: (v: string, r) => formatQuantity(v, label('Unit', r.unit)) },
  { title: t('counterparty'), key: 'counterparty', render: (_, r) => r.counterparty?.name ?? r.counterpartyCode ?? '—' },
  { title: t('hash'), dataIndex: 'hash', render: (v: string) => <Typography.Text code>{v.slice(0, 12)}</Typography.Text> },
]);
