import { DatePicker, Form, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PagedTable, usePagedQuery } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { PartnerAuditLogQuery } from '../../gql/graphql';
import { formatDateTime, fromShanghai } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

const PartnerAuditLog = graphql(`
  query PartnerAuditLog($from: DateTime, $to: DateTime, $after: String) {
    auditLog(from: $from, to: $to, newestFirst: true, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          subject
          operationName
          variables
          rowsReturned
          outcome
          errorCodes
        }
      }
    }
  }
`);

type Row = PartnerAuditLogQuery['auditLog']['edges'][number]['node'];

/**
 * 查询记录: every request of the department's users, as the audit trail keeps it (refused ones too), newest
 * first, each next page older; a day (Asia/Shanghai) narrows it.
 */
export function AuditTrail() {
  const { t, language } = useI18n();
  const label = useLabel();
  const [day, setDay] = useState<Dayjs | null>(null);
  const from = day && fromShanghai(day.format('YYYY-MM-DD'));
  const to = day && fromShanghai(day.add(1, 'day').format('YYYY-MM-DD'));
  const { data, paged, reset } = usePagedQuery(PartnerAuditLog, { from, to }, 'cache-and-network');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('auditTrailHelp')}
      </Typography.Paragraph>
      <Form layout="inline">
        <Form.Item label={t('auditDay')}>
          <DatePicker
            value={day}
            onChange={(d) => {
              reset();
              setDay(d);
            }}
          />
        </Form.Item>
      </Form>
      <PagedTable<Row>
        connection={data?.auditLog}
        {...paged}
        columns={[
          { title: t('auditAt'), dataIndex: 'at', render: (v: string) => formatDateTime(v, language) },
          { title: t('subject'), dataIndex: 'subject' },
          { title: t('auditOperation'), dataIndex: 'operationName', render: (v: string | null) => v ?? '—' },
          { title: t('auditVariables'), dataIndex: 'variables', render: (v: Record<string, unknown>) => <Typography.Text code>{JSON.stringify(v)}</Typography.Text> },
          { title: t('auditRows'), dataIndex: 'rowsReturned', align: 'right' },
          {
            title: t('auditOutcome'),
            key: 'o',
            render: (_, r) => (
              <Space size={4}>
                <Tag color={r.outcome === 'REFUSED' || r.outcome === 'FAILED' ? 'red' : undefined}>{label('AuditOutcome', r.outcome)}</Tag>
                {r.errorCodes.join(', ')}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
