import { Alert, Card, Descriptions, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { describeProblem, problemsOf } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { MovementList, type MovementFilters } from '../movements/MovementsPage';
import { StockList } from '../stock/StockPage';
import { EnterpriseAlertList, EnterpriseInspectionList, EnterpriseWarehouseList } from './enterprise-lists';
import { LicenceList } from './LicenceList';
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
    }
  }
`);

/**
 * 企业一户一档 (enterprise 360): identity, licences and their timeline, stock by warehouse with the major-hazard
 * sum, grades, inspections and findings, alerts, movements; each list read a page at a time, as it grows.
 */
export default function Enterprise360Page() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const label = useLabel();
  const [{ data, fetching, error }] = useQuery({ query: Enterprise360QueryDocument, variables: { code } });
  const [movementFilters, setMovementFilters] = useState<MovementFilters>({});
  if (error) return <Alert type="error" showIcon title={describeProblem(problemsOf(error)[0], t)} />;
  const e = data?.enterprise;
  if (!e) return <Card loading={fetching} />;
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
                <LicenceList code={e.creditCode} />
              </Space>
            ),
          },
          {
            key: 'stock',
            label: t('stock'),
            children: (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <EnterpriseWarehouseList variables={{ code: e.creditCode }} />
                <StockList enterprise={e.creditCode} />
              </Space>
            ),
          },
          { key: 'grades', label: t('riskGrades'), children: <RiskGradeHistory variables={{ enterprise: e.creditCode }} /> },
          {
            key: 'inspections',
            label: t('inspections'),
            children: <EnterpriseInspectionList code={e.creditCode} />,
          },
          {
            key: 'alerts',
            label: t('alerts'),
            children: <EnterpriseAlertList variables={{ code: e.creditCode }} />,
          },
          { key: 'movements', label: t('movements'), children: <MovementList enterprise={e.creditCode} filters={movementFilters} onFilter={setMovementFilters} /> },
        ]}
      />
    </Card>
  );
}
