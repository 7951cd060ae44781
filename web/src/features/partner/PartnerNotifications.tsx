import { Space, Tag, Typography } from 'antd';
import { PagedList } from '../../components/PagedTable';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

// The enterprise is named in each notice's title: asking for Notification.enterprise would need ENTERPRISES too.
const PartnerNotifications = graphql(`
  query PartnerNotifications($after: String) {
    notifications(newestFirst: true, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          createdAt
          kind
          severity
          title
        }
      }
    }
  }
`);

/** 通知: what the department's mandate has the outbox tell it (fire rescue: major-hazard notices), newest first. */
export function PartnerNotificationList() {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('notificationsHelp')}
      </Typography.Paragraph>
      <PagedList
        query={PartnerNotifications}
        variables={{}}
        requestPolicy="cache-and-network"
        connection={(d) => d.notifications}
        columns={({ language, label }) => [
          { title: t('notifiedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, language) },
          { title: t('notificationKind'), dataIndex: 'kind', render: (v: string) => label('NotificationKind', v) },
          { title: t('severity'), dataIndex: 'severity', render: (v: string) => <Tag color={v === 'CRITICAL' ? 'red' : undefined}>{label('NotificationSeverity', v)}</Tag> },
          { title: t('notificationTitle'), dataIndex: 'title' },
        ]}
      />
    </Space>
  );
}
