import { Alert, Card, Descriptions, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Enterprise360Query } from '../../gql/graphql';
import { describeProblem, problemsOf } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { MovementList, type MovementFilters } from '../movements/MovementsPage';
import { StockList } from '../stock/StockPage';
import { RiskGradeHistory } from './RiskGradeHistory';

const Enterprise360QueryDocument = graphql(`
  query Enterprise360($code: CreditCode!) {
    enterprise(creditCode: $code) {
      creditCode
      name
      address
      town
      enforcementLevel
      industry
      keyUnit
      status
      parent {
        name
        creditCode
      }
      licences(first: 20) {
        edges {
          node {
            id
            type
            number
            status
            validFrom
            validUntil
            events(first: 10) {
              edges {
                node {
                  id
                  type
                  occurredAt
                  reason
                }
              }
            }
          }
        }
      }
      warehouses(first: 50) {
        edges {
          node {
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
      inspections(first: 20) {
        edges {
          node {
            id
            code
            type
            status
            scheduledDate
            findings(first: 10) {
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
          }
        }
      }
      alerts(first: 20) {
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

type E = Enterprise360Query['enterprise'];
const nodes = <T,>(c: { edges: { node: T }[] }) => c.edges.map((e) => e.node);

/** 企业一户一档 (enterprise 360): identity, licences and their timeline, stock by warehouse with the major-hazard sum, grades, inspections and findings, alerts, movements. */
export default function Enterprise360Page() {
  const { code = '' } = useParams();
  const { t, language } = useI18n();
  const label = useLabel();
  const [{ data, fetching, error }] = useQuery({ query: Enterprise360QueryDocument, variables: { code } });
  const [movementFilters, setMovementFilters] = useState<MovementFilters>({});
  if (error) return <Alert type="error" showIcon title={describeProblem(problemsOf(error)[0], t)} />;
  const e: E | undefined = data?.enterprise;
  if (!e) return <Card loading={fetching} />;
  const licences = nodes(e.licences);
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{e.name}</h2>} extra={e.keyUnit && <Tag color="red">{t('keyUnit')}</Tag>}>
      <Tabs
        items={[
          {
            key: 'identity',
            label: t('identity'),
            children: (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label={t('creditCode')}>{e.creditCode}</Descriptions.Item>
                  <Descriptions.Item label={t('town')}>{e.town}</Descriptions.Item>
                  <Descriptions.Item label={t('address')}>{e.address}</Descriptions.Item>
                  <Descriptions.Item label={t('level')}>{label('EnforcementLevel', e.enforcementLevel)}</Descriptions.Item>
                  <Descriptions.Item label={t('industry')}>{label('IndustryCategory', e.industry)}</Descriptions.Item>
                  <Descriptions.Item label={t('status')}>{label('EnterpriseStatus', e.status)}</Descriptions.Item>
                  {e.parent && (
                    <Descriptions.Item label={t('parent')}>
                      <Link to={`/enterprises/${e.parent.creditCode}`}>{e.parent.name}</Link>
                    </Descriptions.Item>
                  )}
                </Descriptions>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {t('licences')}
                </Typography.Title>
                {licences.length === 0 && <Typography.Text type="secondary">{t('noData')}</Typography.Text>}
                {licences.map((l) => (
                  <Card key={l.id} size="small" title={`${label('LicenceType', l.type)} ${l.number ?? ''}`} extra={<Tag>{label('LicenceStatus', l.status)}</Tag>}>
                    <Typography.Paragraph>
                      {t('validity')}：{formatDate(l.validFrom, language)} — {formatDate(l.validUntil, language)}
                    </Typography.Paragraph>
                    <Timeline
                      items={nodes(l.events).map((ev) => ({
                        key: ev.id,
                        content: `${formatDateTime(ev.occurredAt, language)} ${label('LicenceEventType', ev.type)}${ev.reason ? `：${ev.reason}` : ''}`,
                      }))}
                    />
                  </Card>
                ))}
              </Space>
            ),
          },
          {
            key: 'stock',
            label: t('stock'),
            children: (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Table
                  size="small"
                  rowKey="code"
                  pagination={false}
                  dataSource={nodes(e.warehouses)}
                  columns={[
                    { title: t('warehouse'), key: 'w', render: (_, w) => `${w.code} ${w.name}` },
                    { title: t('storageType'), dataIndex: 'storageType', render: (v: string) => label('StorageType', v) },
                    { title: t('capacity'), dataIndex: 'capacityTonnes', align: 'right', render: (v: string) => `${Number(v)} ${t('tonnes')}` },
                    {
                      title: t('majorHazardSum'),
                      key: 'mh',
                      align: 'right',
                      render: (_, w) => (w.majorHazard.flagged ? <Tag color="red">{`S = ${w.majorHazard.sum} ≥ 1 ${t('majorHazard')}`}</Tag> : `S = ${w.majorHazard.sum}`),
                    },
                  ]}
                />
                <StockList enterprise={e.creditCode} />
              </Space>
            ),
          },
          { key: 'grades', label: t('riskGrades'), children: <RiskGradeHistory enterprise={e.creditCode} /> },
          {
            key: 'inspections',
            label: t('inspections'),
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={nodes(e.inspections)}
                expandable={{ rowExpandable: (i) => i.findings.edges.length > 0, expandedRowRender: (i) => <Findings findings={nodes(i.findings)} /> }}
                columns={[
                  { title: t('inspectionCode'), dataIndex: 'code' },
                  { title: t('type'), dataIndex: 'type', render: (v: string) => label('InspectionType', v) },
                  { title: t('scheduledDate'), dataIndex: 'scheduledDate', render: (v: string) => formatDate(v, language) },
                  { title: t('status'), dataIndex: 'status', render: (v: string) => label('InspectionStatus', v) },
                  { title: t('findings'), key: 'f', align: 'right', render: (_, i) => i.findings.edges.length },
                ]}
              />
            ),
          },
          {
            key: 'alerts',
            label: t('alerts'),
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={nodes(e.alerts)}
                columns={[
                  { title: t('raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v, language) },
                  { title: t('type'), dataIndex: 'code', render: (v: string) => label('AlertCode', v) },
                  { title: t('severity'), dataIndex: 'severity', render: (v: string) => label('AlertSeverity', v) },
                  { title: t('status'), dataIndex: 'status', render: (v: string) => label('AlertStatus', v) },
                  { title: t('message'), dataIndex: 'message' },
                ]}
              />
            ),
          },
          { key: 'movements', label: t('movements'), children: <MovementList enterprise={e.creditCode} filters={movementFilters} onFilter={setMovementFilters} /> },
        ]}
      />
    </Card>
  );
}

function Findings({ findings }: { findings: { id: string; description: string; severity: string; status: string; rectificationDeadline: string }[] }) {
  const { t, language } = useI18n();
  const label = useLabel();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={findings}
      columns={[
        { title: t('finding'), dataIndex: 'description' },
        { title: t('severity'), dataIndex: 'severity', render: (v: string) => label('HazardSeverity', v) },
        { title: t('status'), dataIndex: 'status', render: (v: string) => label('FindingStatus', v) },
        { title: t('deadline'), dataIndex: 'rectificationDeadline', render: (v: string) => formatDate(v, language) },
      ]}
    />
  );
}
