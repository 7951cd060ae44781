import { DatePicker, Form, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PagedList } from '../../components/PagedTable';
import { graphql } from '../../gql';
import { formatDateTime, fromShanghai } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

const PartnerAuditLog = graphql(`
  query PartnerAuditLog($from: DateTime, $to: DateTime, $after: String) {
    auditLog(from: $from, to: $to, newestFirst: true, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
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

/**
 * 查询记录: every request of the department's users, as the audit trail keeps it (refused ones too), newest
 * first, each next page older; a day (Asia/Shanghai) narrows it.
 */
export function AuditTrail() {
  const { t } = useI18n();
  const [day, setDay] = useState<Dayjs | null>(null);
  const from = day && fromShanghai(day.format('YYYY-MM-DD'));
  const to = day && fromShanghai(day.add(1, 'day').format('YYYY-MM-DD'));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('auditTrailHelp')}
      </Typography.Paragraph>
      <Form layout="inline">
        <Form.Item label={t('auditDay')}>
          <DatePicker value={day} onChange={setDay} />
        </Form.Item>
      </Form>
      <PagedList
        query={PartnerAuditLog}
        variables={{ from, to }}
        requestPolicy="cache-and-network"
        connection={(d) => d.auditLog}
        columns={({ language, label }) => [
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
