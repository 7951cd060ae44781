import { Table, Tag } from 'antd';
import { PagedList, pagedListOf } from '../../components/PagedTable';
import { MoreButton } from '../../components/MoreButton';
import { graphql } from '../../gql';
import type { EnterpriseInspectionsQuery } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { useMorePages } from '../../lib/more-pages';

// The enterprise 360 page's sub-lists, ten rows a page by keyset cursor (PagedTable's pager).

const EnterpriseWarehousesQuery = graphql(`
  query EnterpriseWarehouses($code: CreditCode!, $after: String) {
    enterprise(creditCode: $code) {
      id
      warehouses(first: 10, after: $after) {
        totalCount
        pageInfo {
          ...NextPage
        }
        edges {
          node {
            id
            code
            name
            storageType
            capacityTonnes
            majorHazard {
              sum
              flagged
            }
          }
        }
      }
    }
  }
`);

/** Its warehouses with their GB 18218 major-hazard sum S, flagged at S ≥ 1. */
export const EnterpriseWarehouseList = pagedListOf(EnterpriseWarehousesQuery, (d) => d.enterprise.warehouses, ({ t, label }) => [
  { title: t('warehouse'), key: 'w', render: (_, w) => `${w.code} ${w.name}` },
  { title: t('storageType'), dataIndex: 'storageType', render: (v: string) => label('StorageType', v) },
  { title: t('capacity'), dataIndex: 'capacityTonnes', align: 'right', render: (v: string) => `${Number(v)} ${t('tonnes')}` },
  {
    title: t('majorHazardSum'),
    key: 'mh',
    align: 'right',
    render: (_, w) => (w.majorHazard.flagged ? <Tag color="red">{`S = ${w.majorHazard.sum} ≥ 1 ${t('majorHazard')}`}</Tag> : `S = ${w.majorHazard.sum}`),
  },
]);

const EnterpriseAlertsQuery = graphql(`
  query EnterpriseAlerts($code: CreditCode!, $after: String) {
    enterprise(creditCode: $code) {
      id
      alerts(first: 10, after: $after) {
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
          }
        }
      }
    }
  }
`);

export const EnterpriseAlertList = pagedListOf(EnterpriseAlertsQuery, (d) => d.enterprise.alerts, ({ t, language, label }) => [
  { title: t('raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v, language) },
  { title: t('type'), dataIndex: 'code', render: (v: string) => label('AlertCode', v) },
  { title: t('severity'), dataIndex: 'severity', render: (v: string) => label('AlertSeverity', v) },
  { title: t('status'), dataIndex: 'status', render: (v: string) => label('AlertStatus', v) },
  { title: t('message'), dataIndex: 'message' },
]);

// An inspection's findings: the first five come with the inspections, 加载更多 reads ten more at a time.
graphql(`
  fragment FindingPage on FindingConnection {
    totalCount
    pageInfo {
      ...NextPage
    }
    edges {
      node {
        id
        description
        severity
        status
        rectificationDeadline
      }
    }
  }
`);

const EnterpriseInspectionsQueryDocument = graphql(`
  query EnterpriseInspections($code: CreditCode!, $after: String) {
    enterprise(creditCode: $code) {
      id
      inspections(first: 10, after: $after) {
        totalCount
        pageInfo {
          ...NextPage
        }
        edges {
          node {
            id
            code
            type
            status
            scheduledDate
            findings(first: 5) {
              ...FindingPage
            }
          }
        }
      }
    }
  }
`);

const InspectionFindingsQuery = graphql(`
  query InspectionFindings($id: ID!, $after: String) {
    inspection(id: $id) {
      id
      findings(first: 10, after: $after) {
        ...FindingPage
      }
    }
  }
`);

type Inspection = EnterpriseInspectionsQuery['enterprise']['inspections']['edges'][number]['node'];

/** Its inspections, oldest first; a row with findings opens onto them. */
export function EnterpriseInspectionList({ code }: { code: string }) {
  return (
    <PagedList
      query={EnterpriseInspectionsQueryDocument}
      variables={{ code }}
      connection={(d) => d.enterprise.inspections}
      expandable={{ rowExpandable: (i) => i.findings.totalCount > 0, expandedRowRender: (i) => <Findings inspection={i} /> }}
      columns={({ t, language, label }) => [
        { title: t('inspectionCode'), dataIndex: 'code' },
        { title: t('type'), dataIndex: 'type', render: (v: string) => label('InspectionType', v) },
        { title: t('scheduledDate'), dataIndex: 'scheduledDate', render: (v: string) => formatDate(v, language) },
        { title: t('status'), dataIndex: 'status', render: (v: string) => label('InspectionStatus', v) },
        { title: t('findings'), key: 'f', align: 'right', render: (_, i) => i.findings.totalCount },
      ]}
    />
  );
}

/** The findings under an expanded inspection row. */
function Findings({ inspection }: { inspection: Inspection }) {
  const { t, language } = useI18n();
  const label = useLabel();
  const pages = useMorePages(InspectionFindingsQuery, { id: inspection.id }, (d) => d.inspection.findings, inspection.findings);
  return (
    <>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={pages.rows}
        columns={[
          { title: t('finding'), dataIndex: 'description' },
          { title: t('severity'), dataIndex: 'severity', render: (v: string) => label('HazardSeverity', v) },
          { title: t('status'), dataIndex: 'status', render: (v: string) => label('FindingStatus', v) },
          { title: t('deadline'), dataIndex: 'rectificationDeadline', render: (v: string) => formatDate(v, language) },
        ]}
      />
      <MoreButton shown={pages.rows.length} total={inspection.findings.totalCount} hasNext={pages.hasNext} fetching={pages.fetching} onMore={pages.more} />
    </>
  );
}
