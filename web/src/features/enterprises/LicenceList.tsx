import { Card, Space, Tag, Timeline, Typography } from 'antd';
import { MoreButton } from '../../components/MoreButton';
import { Pager } from '../../components/Pager';
import { usePagedQuery } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { EnterpriseLicencesQuery } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { useMorePages } from '../../lib/more-pages';

// A licence's events: the first five come with the licences, 加载更多 reads ten more at a time.
graphql(`
  fragment LicenceEventPage on LicenceEventConnection {
    totalCount
    pageInfo {
      ...NextPage
    }
    edges {
      node {
        id
        type
        occurredAt
        reason
      }
    }
  }
`);

const EnterpriseLicencesQueryDocument = graphql(`
  query EnterpriseLicences($code: CreditCode!, $after: String) {
    enterprise(creditCode: $code) {
      id
      licences(first: 10, after: $after) {
        totalCount
        pageInfo {
          ...NextPage
        }
        edges {
          node {
            id
            type
            number
            status
            validFrom
            validUntil
            events(first: 5) {
              ...LicenceEventPage
            }
          }
        }
      }
    }
  }
`);

const LicenceEventsQuery = graphql(`
  query LicenceEvents($id: ID!, $after: String) {
    licence(id: $id) {
      id
      events(first: 10, after: $after) {
        ...LicenceEventPage
      }
    }
  }
`);

type Licence = EnterpriseLicencesQuery['enterprise']['licences']['edges'][number]['node'];

/** Its licences ten a page, each with the timeline of its events. */
export function LicenceList({ code }: { code: string }) {
  const { t } = useI18n();
  const { data, paged } = usePagedQuery(EnterpriseLicencesQueryDocument, { code });
  const licences = data?.enterprise.licences;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {licences?.totalCount === 0 && <Typography.Text type="secondary">{t('noData')}</Typography.Text>}
      {licences?.edges.map(({ node }) => <LicenceCard key={node.id} licence={node} />)}
      {!!licences?.totalCount && (
        <Pager page={paged.pages.page} total={licences.totalCount} hasNext={licences.pageInfo.hasNextPage} onPrevious={paged.pages.previous} onNext={() => paged.pages.next(licences.pageInfo.endCursor)} />
      )}
    </Space>
  );
}

function LicenceCard({ licence }: { licence: Licence }) {
  const { t, language } = useI18n();
  const label = useLabel();
  const events = useMorePages(LicenceEventsQuery, { id: licence.id }, (d) => d.licence.events, licence.events);
  return (
    <Card size="small" title={`${label('LicenceType', licence.type)} ${licence.number ?? ''}`} extra={<Tag>{label('LicenceStatus', licence.status)}</Tag>}>
      <Typography.Paragraph>
        {t('validity')}：{formatDate(licence.validFrom, language)} — {formatDate(licence.validUntil, language)}
      </Typography.Paragraph>
      <Timeline
        items={events.rows.map((ev) => ({
          key: ev.id,
          content: `${formatDateTime(ev.occurredAt, language)} ${label('LicenceEventType', ev.type)}${ev.reason ? `：${ev.reason}` : ''}`,
        }))}
      />
      <MoreButton shown={events.rows.length} total={licence.events.totalCount} hasNext={events.hasNext} fetching={events.fetching} onMore={events.more} />
    </Card>
  );
}
