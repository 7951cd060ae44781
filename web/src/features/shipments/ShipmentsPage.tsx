import { App, Button, Card, Input, Segmented, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { InputRef } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../app/SessionContext';
import { PagedTable, usePagedQuery } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { AwaitedShipmentsQuery, ShipmentSide } from '../../gql/graphql';
import { describeProblem } from '../../lib/errors';
import { formatDateTime, formatQuantity } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { printTransportDocument, scannedShipmentCode } from './printTransportDocument';
import { ReceiveDialog, Receiving, SHIPMENTS_CONTEXT } from './ReceiveDialog';

const AwaitedShipmentsQueryDocument = graphql(`
  query AwaitedShipments($side: ShipmentSide!, $after: String) {
    shipments(side: $side, openOnly: true, first: 20, after: $after) {
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
          receiverCode
          sender {
            name
          }
          receiver {
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
  }
`);

type Row = AwaitedShipmentsQuery['shipments']['edges'][number]['node'];
const SIDES: ShipmentSide[] = ['AWAITED' as ShipmentSide, 'SENT' as ShipmentSide];

/**
 * 在途签收: shipments on their way to the enterprise (签收 receives one) or sent by it (发出); 打印运输单 prints a
 * shipment's transport document, whose QR code opens /shipments/{code} here, the receipt of that code.
 */
export default function ShipmentsPage() {
  const { t, language } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const { session } = useSession();
  const navigate = useNavigate();
  const scanned = useParams<{ code?: string }>().code;
  const [side, setSide] = useState<ShipmentSide>(SIDES[0]);
  const { data, paged } = usePagedQuery(AwaitedShipmentsQueryDocument, { side }, { context: SHIPMENTS_CONTEXT });
  const [receiving, setReceiving] = useState<Receiving | null>(null);
  const scanBox = useRef<InputRef>(null);
  const awaited = side === SIDES[0];

  const receiveRow = (r: Row) => setReceiving({ code: r.code, sender: r.sender.name, inTransit: r.inTransit, unit: r.product.unit });
  function receiveCode(text: string) {
    const code = scannedShipmentCode(text);
    if (!code) return;
    const row = awaited ? data?.shipments.edges.map((e) => e.node).find((r) => r.code.replace('-', '') === code) : undefined;
    if (row) receiveRow(row);
    else setReceiving({ code });
  }
  // A scanned transport document's URL: the receipt of its code opens once the list is in.
  const loaded = !!data;
  useEffect(() => {
    if (scanned && loaded) receiveCode(scanned);
  }, [scanned, loaded]);

  async function print(code: string) {
    const problem = await printTransportDocument(code, session.token);
    if (problem) message.error(describeProblem(problem, t));
  }

  function close() {
    setReceiving(null);
    if (scanned) navigate('/shipments', { replace: true });
  }

  return (
    <Card
      title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('shipmentsInTransit')}</h2>}
      extra={<Segmented<ShipmentSide> value={side} onChange={setSide} options={SIDES.map((s) => ({ value: s, label: label('ShipmentSide', s) }))} />}
    >
      <Input.Search
        ref={scanBox}
        aria-label={t('scanToReceive')}
        placeholder={t('scanToReceive')}
        enterButton={t('receive')}
        allowClear
        onSearch={(text, _event, info) => info?.source !== 'clear' && receiveCode(text)}
        style={{ maxWidth: 480, marginBottom: 16 }}
      />
      <PagedTable<Row>
        connection={data?.shipments}
        {...paged}
        columns={[
          { title: t('shipmentCode'), dataIndex: 'code' },
          awaited
            ? { title: t('sender'), key: 'sender', render: (_, r) => r.sender.name }
            : { title: t('receiver'), key: 'receiver', render: (_, r) => r.receiver?.name ?? r.receiverCode },
          { title: t('product'), key: 'product', render: (_, r) => `${r.product.tradeName} ${r.product.traceCode}` },
          { title: t('traceBatch'), dataIndex: 'batch' },
          { title: t('inTransitQuantity'), key: 'inTransit', align: 'right', render: (_, r) => formatQuantity(r.inTransit, label('Unit', r.product.unit)) },
          { title: t('shippedAt'), dataIndex: 'shippedAt', render: (v: string) => formatDateTime(v, language) },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, r) => (
              <Space>
                {awaited && (
                  <Button type="primary" size="small" onClick={() => receiveRow(r)}>
                    {t('receive')}
                  </Button>
                )}
                <Button size="small" onClick={() => void print(r.code)}>
                  {t('printTransportDocument')}
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
      {/* Back to the scan box once a receipt is gone, so a handheld scanner's next code lands there, not in the closing dialog. */}
      <ReceiveDialog enterprise={session.enterprise!} receiving={receiving} onClose={close} afterClose={() => scanBox.current?.focus()} />
    </Card>
  );
}
