import { Alert, App, Button, DatePicker, Drawer, Form, Input, Radio, Select } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ProductPicker } from '../../components/ProductPicker';
import { WarehousePicker } from '../../components/WarehousePicker';
import { graphql } from '../../gql';
import type { Direction, MovementReason, Unit } from '../../gql/graphql';
import { describeProblem, formErrors, problemsOf } from '../../lib/errors';
import { fromShanghai, shanghaiWallClock } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { newRequestId } from '../../lib/request-id';

const RecordMovementMutation = graphql(`
  mutation RecordMovement($input: RecordMovementsInput!) {
    recordMovements(input: $input) {
      replayed
      entries {
        id
        seq
      }
    }
  }
`);

// The ledger's rule (src/proof/canonical-entry.ts): which reasons go with which direction.
const REASONS: Record<Direction, MovementReason[]> = {
  IN: ['PURCHASE', 'PRODUCTION', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'CORRECTION'],
  OUT: ['SALE', 'CONSUMPTION', 'TRANSFER_OUT', 'RETURN_OUT', 'EXPORT', 'DISPOSAL', 'CORRECTION'],
};
const UNITS: Unit[] = ['KG', 'T', 'L', 'M3'];
// Form fields carry the API's names, so an error's extensions.field (input.entries.0.quantity) lands on its field.
const FIELDS = ['direction', 'reason', 'warehouse', 'product', 'batch', 'quantity', 'unit', 'occurredAt', 'counterparty', 'transportDoc'] as const;

interface Values {
  direction: Direction;
  reason: MovementReason;
  warehouse: string;
  product: string;
  batch: string;
  quantity: string;
  unit: Unit;
  occurredAt: Dayjs;
  counterparty?: string;
  transportDoc?: string;
}

/** 登记出入库: one movement by hand, appended to the enterprise's own chain; the API's refusal shows on the field it names. */
export function MovementForm({ enterprise, open, onClose }: { enterprise: string; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [requestId, setRequestId] = useState(newRequestId);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, record] = useMutation(RecordMovementMutation);
  const direction = Form.useWatch('direction', form) ?? 'IN';

  async function submit(v: Values) {
    setProblem(null);
    const entry = {
      direction: v.direction,
      reason: v.reason,
      warehouse: v.warehouse,
      product: v.product.trim(),
      batch: v.batch.trim(),
      quantity: v.quantity.trim(),
      unit: v.unit,
      occurredAt: fromShanghai(v.occurredAt.format('YYYY-MM-DDTHH:mm:ss')),
      counterparty: v.counterparty?.trim() || undefined,
      transportDoc: v.transportDoc?.trim() || undefined,
    };
    const result = await record({ input: { requestId, entries: [entry] } }, { additionalTypenames: ['LedgerEntry', 'StockBalance'] });
    const { onFields, rest } = formErrors(problemsOf(result.error), FIELDS, (p) => describeProblem(p, t));
    form.setFields(onFields);
    if (rest.length > 0) setProblem(describeProblem(rest[0], t));
    if (result.error) return;
    message.success(t('recorded', { seq: result.data!.recordMovements.entries[0].seq }));
    setRequestId(newRequestId());
    form.resetFields();
    onClose();
  }

  return (
    <Drawer open={open} onClose={onClose} title={t('recordMovement')} size="large" destroyOnHidden>
      <Form<Values>
        name="movement"
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ direction: 'IN', reason: 'PURCHASE', unit: 'KG', occurredAt: dayjs(shanghaiWallClock(new Date())) }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.direction) form.setFieldValue('reason', REASONS[changed.direction][0]);
        }}
      >
        <Form.Item name="direction" label={t('directionLabel')}>
          <Radio.Group optionType="button" options={(['IN', 'OUT'] as const).map((d) => ({ value: d, label: label('Direction', d) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('required') }]}>
          <Select options={REASONS[direction].map((r) => ({ value: r, label: label('MovementReason', r) }))} />
        </Form.Item>
        <Form.Item name="warehouse" label={t('warehouse')} rules={[{ required: true, message: t('required') }]}>
          <WarehousePicker enterprise={enterprise} />
        </Form.Item>
        <Form.Item name="product" label={t('traceProduct')} rules={[{ required: true, message: t('required') }]}>
          <ProductPicker enterprise={enterprise} onPick={(p) => form.setFieldValue('unit', p.unit)} />
        </Form.Item>
        <Form.Item name="batch" label={t('traceBatch')} rules={[{ required: true, message: t('required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="quantity" label={t('quantity')} rules={[{ required: true, message: t('required') }]} extra={t('quantityFormat')}>
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item name="unit" label={t('unit')}>
          <Select options={UNITS.map((u) => ({ value: u, label: label('Unit', u) }))} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('occurredAt')} rules={[{ required: true, message: t('required') }]}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="counterparty" label={t('counterparty')} extra={t('counterpartyHelp')}>
          <Input autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="transportDoc" label={t('transportDoc')}>
          <Input autoComplete="off" />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={fetching} block>
          {t('submit')}
        </Button>
      </Form>
    </Drawer>
  );
}
