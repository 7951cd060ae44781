import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSession } from '../../app/SessionContext';
import { FilterForm } from '../../components/FilterForm';
import { PagedList } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { Direction, MovementReason, MovementsQueryVariables } from '../../gql/graphql';
import { formatDateTime, formatQuantity, fromShanghai } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { MovementForm } from './MovementForm';

const MovementsQueryDocument = graphql(`
  query Movements(
    $enterprise: CreditCode
    $after: String
    $direction: Direction
    $reason: MovementReason
    $warehouse: String
    $product: String
    $batch: String
    $occurredFrom: DateTime
    $occurredTo: DateTime
  ) {
    movements(
      enterprise: $enterprise
      first: 20
      after: $after
      direction: $direction
      reason: $reason
      warehouse: $warehouse
      product: $product
      batch: $batch
      occurredFrom: $occurredFrom
      occurredTo: $occurredTo
    ) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          seq
          occurredAt
          direction
          reason
          quantity
          unit
          batch
          warehouseCode
          productCode
          product {
            tradeName
          }
          counterpartyCode
          counterparty {
            name
          }
          transportDoc
        }
      }
    }
  }
`);

// Refetched after a movement is recorded even when the page held no row yet.
const MOVEMENTS_CONTEXT = { additionalTypenames: ['LedgerEntry'] };

interface Filters {
  direction?: Direction;
  reason?: MovementReason;
  warehouse?: string;
  product?: string;
  batch?: string;
  period?: [Dayjs, Dayjs];
}

/** The filters as query variables; a period is whole Shanghai days, its end day included. */
function variablesOf(f: Filters): Omit<MovementsQueryVariables, 'enterprise' | 'after'> {
  return {
    direction: f.direction,
    reason: f.reason,
    warehouse: f.warehouse?.trim() || undefined,
    product: f.product?.trim() || undefined,
    batch: f.batch?.trim() || undefined,
    occurredFrom: f.period ? fromShanghai(f.period[0].format('YYYY-MM-DD')) : undefined,
    occurredTo: f.period ? fromShanghai(f.period[1].add(1, 'day').format('YYYY-MM-DD')) : undefined,
  };
}

/** 出入库记录: movements the viewer may read (the enterprise page passes whose), with filters. */
export function MovementList({ enterprise }: { enterprise?: string }) {
  const { t, language } = useI18n();
  const label = useLabel();
  const [filters, setFilters] = useState<Filters>({});
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <FilterForm<Filters> name="filters" onFilter={setFilters}>
        <Form.Item name="direction" label={t('directionLabel')}>
          <Select allowClear placeholder={t('any')} style={{ width: 110 }} options={(['IN', 'OUT'] as const).map((d) => ({ value: d, label: label('Direction', d) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')}>
          <Select
            allowClear
            placeholder={t('any')}
            style={{ width: 140 }}
            options={(['PURCHASE', 'PRODUCTION', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'SALE', 'CONSUMPTION', 'TRANSFER_OUT', 'RETURN_OUT', 'EXPORT', 'DISPOSAL', 'CORRECTION'] as const).map((r) => ({
              value: r,
              label: label('MovementReason', r),
            }))}
          />
        </Form.Item>
        <Form.Item name="warehouse" label={t('warehouse')}>
          <Input style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="product" label={t('traceProduct')}>
          <Input style={{ width: 230 }} />
        </Form.Item>
        <Form.Item name="batch" label={t('traceBatch')}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="period" label={t('period')}>
          <DatePicker.RangePicker />
        </Form.Item>
      </FilterForm>
      <PagedList
        query={MovementsQueryDocument}
        variables={{ enterprise, ...variablesOf(filters) }}
        context={MOVEMENTS_CONTEXT}
        connection={(d) => d.movements}
        columns={() => [
          { title: t('seq'), dataIndex: 'seq', align: 'right' },
          { title: t('occurredAt'), dataIndex: 'occurredAt', render: (v: string) => formatDateTime(v, language) },
          { title: t('directionLabel'), dataIndex: 'direction', render: (v: string) => label('Direction', v) },
          { title: t('reason'), dataIndex: 'reason', render: (v: string) => label('MovementReason', v) },
          { title: t('warehouse'), dataIndex: 'warehouseCode' },
          { title: t('product'), key: 'product', render: (_, r) => r.product.tradeName },
          { title: t('traceBatch'), dataIndex: 'batch' },
          { title: t('quantity'), key: 'quantity', align: 'right', render: (_, r) => formatQuantity(r.quantity, label('Unit', r.unit)) },
          { title: t('counterparty'), key: 'counterparty', render: (_, r) => r.counterparty?.name ?? r.counterpartyCode ?? '—' },
          { title: t('transportDoc'), dataIndex: 'transportDoc', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Space>
  );
}

export default function MovementsPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [recording, setRecording] = useState(false);
  return (
    <Card
      title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('movements')}</h2>}
      extra={
        session.enterprise && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
            {t('recordMovement')}
          </Button>
        )
      }
    >
      <MovementList />
      {session.enterprise && <MovementForm enterprise={session.enterprise} open={recording} onClose={() => setRecording(false)} />}
    </Card>
  );
}
