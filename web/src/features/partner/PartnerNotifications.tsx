import { Space, Tag, Typography } from 'antd';
import { PagedTable, usePagedQuery } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { PartnerNotificationsQuery } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

// The enterprise is named in each notice's title: asking for Notification.enterprise would need ENTERPRISES too.
const PartnerNotifications = graphql(`
  query PartnerNotifications($after: String) {
    notifications(newestFirst: true, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
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

type Row = PartnerNotificationsQuery['notifications']['edges'][number]['node'];

/** 通知: what the department's mandate has the outbox tell it (fire rescue: major-hazard notices), newest first. */
export function PartnerNotificationList() {
  const { t, language } = useI18n();
  const label = useLabel();
  const { data, paged } = usePagedQuery(PartnerNotifications, {}, 'cache-and-network');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('notificationsHelp')}
      </Typography.Paragraph>
      <PagedTable<Row>
        connection={data?.notifications}
        {...paged}
        columns={[
          { title: t('notifiedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, language) },
          { title: t('notificationKind'), dataIndex: 'kind', render: (v: string) => label('NotificationKind', v) },
          { title: t('severity'), dataIndex: 'severity', render: (v: string) => <Tag color={v === 'CRITICAL' ? 'red' : undefined}>{label('NotificationSeverity', v)}</Tag> },
          { title: t('notificationTitle'), dataIndex: 'title' },
        ]}
      />
    </Space>
  );
}
