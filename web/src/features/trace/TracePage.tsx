import { DownloadOutlined, FileImageOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import type { TraceDirection } from '../../gql/graphql';
import { download } from '../../lib/download';
import { xlsxBlob } from '../../lib/xlsx';
import { describeProblem, formErrors, problemsOf } from '../../lib/errors';
import { formatQuantity } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { NodeDetails } from './NodeDetails';
import { graphElements, MAX_DRAWN_NODES, TraceBatchQueryDocument, TraceNodeData } from './trace-model';
import { TraceGraphHandle, TraceGraphView } from './TraceGraphView';

const FIELDS = ['product', 'batch', 'maxDepth'] as const;

interface TraceForm {
  product: string;
  batch: string;
  direction: TraceDirection;
  maxDepth: number;
}

/**
 * 批次追溯: a product code and batch (from the URL, so other pages link here)
 * traced up- and downstream, drawn as a graph when it has at most 500
 * nodes and always listed; a node opens its details and ledger entries.
 */
export default function TracePage() {
  const { t } = useI18n();
  const label = useLabel();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<TraceForm>();
  const graph = useRef<TraceGraphHandle>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [otherProblem, setOtherProblem] = useState<string | null>(null);
  const asked: TraceForm = {
    product: params.get('product') ?? '',
    batch: params.get('batch') ?? '',
    direction: (params.get('direction') as TraceDirection) ?? 'BOTH',
    maxDepth: Number(params.get('maxDepth') ?? 3),
  };
  const [{ data, fetching, error }] = useQuery({ query: TraceBatchQueryDocument, variables: asked, pause: !asked.product || !asked.batch });
  const trace = data?.traceBatch;
  const words = useMemo(() => ({ unit: (u: string) => label('Unit', u), inTransit: t('inTransit') }), [label, t]);
  const elements = useMemo(() => (trace && trace.nodes.length <= MAX_DRAWN_NODES ? graphElements(trace, words) : null), [trace, words]);

  useEffect(() => {
    const { onFields, rest } = formErrors(problemsOf(error), FIELDS, (p) => describeProblem(p, t));
    form.setFields(FIELDS.map((name) => ({ name, errors: onFields.find((f) => f.name === name)?.errors ?? [] })));
    setOtherProblem(rest[0] ? describeProblem(rest[0], t) : null);
  }, [error, form, t]);

  const node = trace?.nodes.find((n) => n.id === selected) ?? null;
  const holder = (n: TraceNodeData) => n.enterprise?.name ?? n.enterpriseCode;
  const place = (n: TraceNodeData) => (n.inTransit ? t('inTransit') : n.warehouseCode ?? '');

  async function exportRows() {
    if (!trace) return;
    const header = [t('enterprise'), t('creditCode'), t('warehouse'), t('product'), t('traceBatch'), t('quantity'), t('unit'), t('depth')];
    // Quantities are exact decimals of at most 3 places: a number cell keeps them, so Excel can sum the column.
    const rows = trace.nodes.map((n) => [holder(n), n.enterpriseCode, place(n), n.productCode, n.batch, Number(n.quantity), label('Unit', n.product.unit), n.depth]);
    download(await xlsxBlob(t('trace'), header, rows), `trace-${trace.product}-${trace.batch}.xlsx`);
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('trace')}</h2>}>
        <Form<TraceForm>
          name="trace"
          form={form}
          layout="inline"
          initialValues={asked}
          onFinish={(v) => setParams({ product: v.product.trim(), batch: v.batch.trim(), direction: v.direction, maxDepth: String(v.maxDepth) })}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="product" label={t('traceProduct')} rules={[{ required: true, message: t('traceProduct') }]}>
            <Input style={{ width: 260 }} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="batch" label={t('traceBatch')} rules={[{ required: true, message: t('traceBatch') }]}>
            <Input style={{ width: 140 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="direction" label={t('traceDirection')}>
            <Select
              style={{ width: 170 }}
              options={(['BOTH', 'UPSTREAM', 'DOWNSTREAM'] as const).map((value) => ({ value, label: label('TraceDirection', value) }))}
            />
          </Form.Item>
          <Form.Item name="maxDepth" label={t('traceDepth')}>
            <InputNumber min={0} max={10} style={{ width: 80 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={fetching}>
            {t('traceRun')}
          </Button>
        </Form>
        {otherProblem && <Alert type="error" showIcon title={otherProblem} style={{ marginTop: 16 }} />}
      </Card>
      {!trace && !fetching && <Empty description={t('traceEmpty')} />}
      {trace && (
        <Card
          title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('traceSummary', { nodes: trace.nodes.length, edges: trace.edges.length })}</h3>}
          extra={
            <Space>
              <Button icon={<FileImageOutlined />} disabled={!elements} onClick={() => download(graph.current!.png(), `trace-${trace.product}-${trace.batch}.png`)}>
                {t('traceExportPng')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => void exportRows()}>
                {t('traceExportRows')}
              </Button>
            </Space>
          }
        >
          {trace.truncated && <Alert type="warning" showIcon title={t('traceTruncated')} style={{ marginBottom: 12 }} />}
          {elements ? (
            <TraceGraphView ref={graph} nodes={elements.nodes} edges={elements.edges} label={t('traceGraphLabel')} onSelect={setSelected} />
          ) : (
            <Alert type="info" showIcon title={t('traceTooLarge', { nodes: trace.nodes.length, max: MAX_DRAWN_NODES })} />
          )}
          <Typography.Title level={4} style={{ fontSize: 15, marginTop: 16 }}>
            {t('traceNodes')}
          </Typography.Title>
          <Table<TraceNodeData>
            size="small"
            rowKey="id"
            dataSource={trace.nodes}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            scroll={{ x: true }}
            columns={[
              { title: t('enterprise'), key: 'holder', render: (_, n) => holder(n) },
              { title: t('warehouse'), key: 'place', render: (_, n) => place(n) },
              { title: t('product'), key: 'product', render: (_, n) => `${n.product.tradeName}（${n.product.chemical.name}）` },
              { title: t('traceBatch'), dataIndex: 'batch' },
              { title: t('quantity'), key: 'quantity', align: 'right', render: (_, n) => formatQuantity(n.quantity, label('Unit', n.product.unit)) },
              { title: t('depth'), dataIndex: 'depth', align: 'right' },
              {
                title: t('details'),
                key: 'details',
                render: (_, n) => (
                  <Button size="small" type="link" onClick={() => setSelected(n.id)} aria-label={`${t('details')}：${holder(n)} ${place(n)} ${n.batch}`}>
                    {t('details')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
      {trace && <NodeDetails trace={trace} node={node} onClose={() => setSelected(null)} />}
    </Space>
  );
}
