import { App, Button, Card, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from 'urql';
import { FilterForm } from '../../components/FilterForm';
import { PagedList } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { AlertCode, AlertsQuery, AlertStatus } from '../../gql/graphql';
import { describeProblem, problemsOf } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { useUrlFilters } from '../../lib/url-filters';

const AlertsQueryDocument = graphql(`
  query Alerts($code: AlertCode, $status: AlertStatus, $after: String) {
    alerts(code: $code, status: $status, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          code
          severity
          status
          message
          raisedAt
          enterprise {
            name
            creditCode
          }
        }
      }
    }
  }
`);

const AcknowledgeMutation = graphql(`
  mutation AcknowledgeAlert($input: AlertActionInput!) {
    acknowledgeAlert(input: $input) {
      id
      status
    }
  }
`);

const ResolveMutation = graphql(`
  mutation ResolveAlert($input: AlertActionInput!) {
    resolveAlert(input: $input) {
      id
      status
    }
  }
`);

type Row = AlertsQuery['alerts']['edges'][number]['node'];
const CODES: AlertCode[] = [
  'LICENCE_MISSING',
  'COUNTERPARTY_UNLICENSED',
  'LICENCE_INVALID',
  'LICENCE_EXPIRED',
  'OUT_OF_SCOPE',
  'OVER_CAPACITY',
  'RECEIPT_SHORTFALL',
  'TRANSPORT_DOC_MISSING',
  'UNKNOWN_BATCH_SOURCE',
  'BATCH_EXPIRED',
  'CHAIN_BROKEN',
];

/** 预警处置: alerts by type and status (the dashboard links here by type); acknowledge, then resolve with a note. */
export default function AlertsPage() {
  const { t, language } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [filters, setFilters] = useUrlFilters(['code', 'status']);
  const [, acknowledge] = useMutation(AcknowledgeMutation);
  const [, resolve] = useMutation(ResolveMutation);
  const [resolving, setResolving] = useState<Row | null>(null);
  const [note, setNote] = useState('');

  async function act(result: Promise<{ error?: Parameters<typeof problemsOf>[0] }>) {
    const { error } = await result;
    if (error) message.error(describeProblem(problemsOf(error)[0], t));
  }

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('alerts')}</h2>}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <FilterForm name="alerts" initialValues={filters} onFilter={setFilters}>
          <Form.Item name="code" label={t('type')}>
            <Select allowClear placeholder={t('any')} style={{ width: 180 }} options={CODES.map((c) => ({ value: c, label: label('AlertCode', c) }))} />
          </Form.Item>
          <Form.Item name="status" label={t('status')}>
            <Select allowClear placeholder={t('any')} style={{ width: 120 }} options={(['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const).map((s) => ({ value: s, label: label('AlertStatus', s) }))} />
          </Form.Item>
        </FilterForm>
        <PagedList
          query={AlertsQueryDocument}
          variables={{ code: filters.code as AlertCode | undefined, status: filters.status as AlertStatus | undefined }}
          connection={(d) => d.alerts}
          columns={() => [
            { title: t('raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v, language) },
            { title: t('enterprise'), key: 'e', render: (_, r) => <Link to={`/enterprises/${r.enterprise.creditCode}`}>{r.enterprise.name}</Link> },
            { title: t('type'), dataIndex: 'code', render: (v: string) => label('AlertCode', v) },
            { title: t('severity'), dataIndex: 'severity', render: (v: string) => label('AlertSeverity', v) },
            { title: t('status'), dataIndex: 'status', render: (v: string) => label('AlertStatus', v) },
            { title: t('message'), dataIndex: 'message' },
            {
              title: t('actions'),
              key: 'actions',
              render: (_, r) =>
                r.status !== 'RESOLVED' && (
                  <Space>
                    {r.status === 'OPEN' && (
                      <Button size="small" onClick={() => act(acknowledge({ input: { alertId: r.id } }))}>
                        {t('acknowledge')}
                      </Button>
                    )}
                    <Button size="small" onClick={() => setResolving(r)}>
                      {t('resolve')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Space>
      <Modal
        open={!!resolving}
        title={t('resolve')}
        okButtonProps={{ disabled: !note.trim() }}
        onCancel={() => setResolving(null)}
        onOk={async () => {
          await act(resolve({ input: { alertId: resolving!.id, note: note.trim() } }));
          setResolving(null);
          setNote('');
        }}
      >
        <Input.TextArea aria-label={t('resolutionNote')} placeholder={t('resolutionNote')} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}
