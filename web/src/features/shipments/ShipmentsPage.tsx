import { Alert, App, Button, Card, Form, InputNumber, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useMutation } from 'urql';
import { useSession } from '../../app/SessionContext';
import { PagedTable, usePagedQuery } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { AwaitedShipmentsQuery } from '../../gql/graphql';
import { describeProblem, problemsOf } from '../../lib/errors';
import { formatDateTime, formatQuantity } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

const AwaitedShipmentsQueryDocument = graphql(`
  query AwaitedShipments($enterprise: CreditCode!, $after: String) {
    shipments(side: AWAITED, openOnly: true, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          code
          batch
          inTransit
          shippedAt
          sender {
            name
          }
          product {
            traceCode
            tradeName
            unit
          }
        }
      }
    }
    warehouses(enterprise: $enterprise, first: 100) {
      edges {
        node {
          code
          name
        }
      }
    }
  }
`);

const ReceiveShipmentMutation = graphql(`
  mutation ReceiveShipment($input: ReceiveShipmentInput!) {
    receiveShipment(input: $input) {
      entry {
        seq
      }
    }
  }
`);

type Row = AwaitedShipmentsQuery['shipments']['edges'][number]['node'];
// Refetched after a receipt even when the list had no row left.
const SHIPMENTS_CONTEXT = { additionalTypenames: ['Shipment', 'LedgerEntry'] };

/** 在途签收: shipments on their way to the enterprise; 签收 receives one, the receipt filled in from the shipment. */
export default function ShipmentsPage() {
  const { t, language } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const { session } = useSession();
  const { data, paged } = usePagedQuery(AwaitedShipmentsQueryDocument, { enterprise: session.enterprise! }, { context: SHIPMENTS_CONTEXT });
  const [{ fetching: receiving }, receive] = useMutation(ReceiveShipmentMutation);
  const [open, setOpen] = useState<Row | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<{ warehouse: string; quantity: string }>();
  const warehouses = data?.warehouses.edges.map((e) => e.node) ?? [];

  function start(row: Row) {
    setProblem(null);
    form.setFieldsValue({ warehouse: warehouses[0]?.code, quantity: row.inTransit });
    setOpen(row);
  }

  async function confirm({ warehouse, quantity }: { warehouse: string; quantity: string }) {
    const result = await receive({ input: { code: open!.code, warehouse, quantity: String(quantity) } }, SHIPMENTS_CONTEXT);
    if (result.error) return setProblem(problemsOf(result.error).map((p) => describeProblem(p, t)).join('；'));
    message.success(t('received', { code: open!.code, seq: result.data!.receiveShipment.entry.seq }));
    setOpen(null);
  }

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('shipmentsInTransit')}</h2>}>
      <PagedTable<Row>
        connection={data?.shipments}
        {...paged}
        columns={[
          { title: t('shipmentCode'), dataIndex: 'code' },
          { title: t('sender'), key: 'sender', render: (_, r) => r.sender.name },
          { title: t('product'), key: 'product', render: (_, r) => `${r.product.tradeName} ${r.product.traceCode}` },
          { title: t('traceBatch'), dataIndex: 'batch' },
          { title: t('inTransitQuantity'), key: 'inTransit', align: 'right', render: (_, r) => formatQuantity(r.inTransit, label('Unit', r.product.unit)) },
          { title: t('shippedAt'), dataIndex: 'shippedAt', render: (v: string) => formatDateTime(v, language) },
          {
            title: t('actions'),
            key: 'receive',
            render: (_, r) => (
              <Space>
                <Button type="primary" size="small" onClick={() => start(r)}>
                  {t('receive')}
                </Button>
                {/* The server's print page (/labels): the shipment's batch, one sheet of labels to stick on its packages. */}
                <Button size="small" href={`/labels?${new URLSearchParams({ product: r.product.traceCode, batch: r.batch, grid: '3x8', copies: '24' })}`} target="_blank" rel="noopener">
                  {t('printLabels')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!open}
        title={open && t('receiveTitle', { code: open.code, sender: open.sender.name })}
        okText={t('receiveConfirm')}
        confirmLoading={receiving}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        forceRender
      >
        <Form form={form} name="receipt" layout="vertical" onFinish={confirm}>
          <Form.Item name="warehouse" label={t('warehouse')} rules={[{ required: true, message: t('required') }]}>
            <Select options={warehouses.map((w) => ({ value: w.code, label: `${w.code} ${w.name}` }))} />
          </Form.Item>
          <Form.Item name="quantity" label={t('receivedQuantity')} extra={t('receiveShortHelp')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber<string> stringMode min="0.001" max={open?.inTransit} style={{ width: '100%' }} addonAfter={open && label('Unit', open.product.unit)} />
          </Form.Item>
          {problem && <Alert type="error" showIcon title={problem} />}
        </Form>
      </Modal>
    </Card>
  );
}
