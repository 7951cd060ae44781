import { Alert, App, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { WarehousePicker } from '../../components/WarehousePicker';
import { graphql } from '../../gql';
import { describeProblem, problemsOf } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

const ReceiveShipmentMutation = graphql(`
  mutation ReceiveShipment($input: ReceiveShipmentInput!) {
    receiveShipment(input: $input) {
      entry {
        seq
      }
    }
  }
`);

/** What the dialog knows of the shipment: from the list when it holds it, else only the scanned code. */
export interface Receiving {
  code: string;
  sender?: string;
  inTransit?: string;
  unit?: string;
}

export const SHIPMENTS_CONTEXT = { additionalTypenames: ['Shipment', 'LedgerEntry'] };

/** 签收: a receipt filled in from the shipment (into the enterprise's first warehouse unless another is picked); a scanned code not in the list receives everything in transit unless a quantity is given. */
export function ReceiveDialog({ enterprise, receiving, onClose, afterClose }: { enterprise: string; receiving: Receiving | null; onClose(): void; afterClose?(): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [{ fetching }, receive] = useMutation(ReceiveShipmentMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<{ warehouse: string; quantity?: string }>();
  const known = receiving?.inTransit !== undefined;

  useEffect(() => {
    if (!receiving) return;
    setProblem(null);
    form.setFieldsValue({ quantity: receiving.inTransit });
  }, [receiving, form]);

  async function confirm({ warehouse, quantity }: { warehouse: string; quantity?: string }) {
    const code = receiving!.code;
    const result = await receive({ input: { code, warehouse, ...(quantity ? { quantity: String(quantity) } : {}) } }, SHIPMENTS_CONTEXT);
    if (result.error) return setProblem(problemsOf(result.error).map((p) => describeProblem(p, t)).join('；'));
    message.success(t('received', { code, seq: result.data!.receiveShipment.entry.seq }));
    onClose();
  }

  return (
    <Modal
      open={!!receiving}
      title={receiving && (receiving.sender ? t('receiveTitle', { code: receiving.code, sender: receiving.sender }) : t('receiveCodeTitle', { code: receiving.code }))}
      okText={t('receiveConfirm')}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={afterClose}
      forceRender
    >
      <Form form={form} name="receipt" layout="vertical" onFinish={confirm}>
        <Form.Item name="warehouse" label={t('warehouse')} rules={[{ required: true, message: t('required') }]}>
          <WarehousePicker enterprise={enterprise} pickFirst />
        </Form.Item>
        {known ? (
          <Form.Item name="quantity" label={t('receivedQuantity')} extra={t('receiveShortHelp')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber<string> stringMode min="0.001" max={receiving?.inTransit} style={{ width: '100%' }} addonAfter={receiving?.unit && label('Unit', receiving.unit)} />
          </Form.Item>
        ) : (
          <Form.Item name="quantity" label={t('receivedQuantity')} extra={t('receiveAllHelp')}>
            <Input inputMode="decimal" />
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
