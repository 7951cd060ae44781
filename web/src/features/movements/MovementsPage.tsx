import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSession } from '../../app/SessionContext';
import { FilterForm } from '../../components/FilterForm';
import { PagedList } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { Direction, MovementReason, MovementsQueryVariables } from '../../gql/graphql';
import { formatDateTime, formatQuantity, fromShanghai } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { useUrlFilters } from '../../lib/url-filters';
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

/** The filters as the address keeps them (?direction=OUT&from=2026-12-01&to=2026-12-06): text, days in Shanghai. */
export const MOVEMENT_FILTERS = ['direction', 'reason', 'warehouse', 'product', 'batch', 'from', 'to'] as const;
export type MovementFilters = Partial<Record<(typeof MOVEMENT_FILTERS)[number], string>>;

/** The form's values: the period a pair of days. */
interface FormValues {
  direction?: Direction;
  reason?: MovementReason;
  warehouse?: string;
  product?: string;
  batch?: string;
  period?: [Dayjs, Dayjs];
}

const DAY = 'YYYY-MM-DD';

function formValuesOf({ from, to, ...f }: MovementFilters): FormValues {
  return { ...f, direction: f.direction as Direction | undefined, reason: f.reason as MovementReason | undefined, period: from && to ? [dayjs(from, DAY), dayjs(to, DAY)] : undefined };
}

function filtersOf({ period, ...f }: FormValues): MovementFilters {
  return { ...f, from: period?.[0].format(DAY), to: period?.[1].format(DAY) };
}

/** The filters as query variables; a period is whole Shanghai days, its end day included. */
function variablesOf(f: MovementFilters): Omit<MovementsQueryVariables, 'enterprise' | 'after'> {
  return {
    direction: f.direction as Direction | undefined,
    reason: f.reason as MovementReason | undefined,
    warehouse: f.warehouse?.trim() || undefined,
    product: f.product?.trim() || undefined,
    batch: f.batch?.trim() || undefined,
    occurredFrom: f.from && f.to ? fromShanghai(f.from) : undefined,
    occurredTo: f.from && f.to ? fromShanghai(dayjs(f.to, DAY).add(1, 'day').format(DAY)) : undefined,
  };
}

/** 出入库记录: movements the viewer may read (the enterprise page passes whose), with filters its caller keeps. */
export function MovementList({ enterprise, filters, onFilter }: { enterprise?: string; filters: MovementFilters; onFilter(filters: MovementFilters): void }) {
  const { t, language } = useI18n();
  const label = useLabel();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <FilterForm<FormValues> name="filters" initialValues={formValuesOf(filters)} onFilter={(values) => onFilter(filtersOf(values))}>
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
  // In the address, so that a reload or a shared link opens the same filtered list.
  const [filters, setFilters] = useUrlFilters(MOVEMENT_FILTERS);
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
      <MovementList filters={filters} onFilter={setFilters} />
      {session.enterprise && <MovementForm enterprise={session.enterprise} open={recording} onClose={() => setRecording(false)} />}
    </Card>
  );
}
