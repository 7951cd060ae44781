import { Card, Col, Empty, Progress, Row, Statistic } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';
import { EChart } from './EChart';
import { alertsOption, gradesOption, stockOption } from './dashboard-options';

const OverviewQuery = graphql(`
  query SupervisionOverview {
    supervisionOverview {
      asOf
      enterprisesByGrade {
        town
        grade
        count
      }
      hazardStockByTown {
        town
        highlyToxicTonnes
        precursorTonnes
      }
      unresolvedAlerts {
        code
        count
      }
      inspectionsPlannedThisMonth
      inspectionsDoneThisMonth
      licencesExpiringIn90Days
    }
  }
`);

/** 监管总览: the jurisdiction's figures; every figure and chart leads to its list. */
export default function DashboardPage() {
  const { t, language } = useI18n();
  const label = useLabel();
  const navigate = useNavigate();
  const [{ data, fetching }] = useQuery({ query: OverviewQuery, requestPolicy: 'cache-and-network' });
  const o = data?.supervisionOverview;
  const words = useMemo(() => ({ grade: (g: string | null) => (g ? label('RiskGrade', g) : t('ungraded')), alert: (c: string) => label('AlertCode', c), t }), [label, t]);
  const grades = useMemo(() => (o ? gradesOption(o.enterprisesByGrade, words) : null), [o, words]);
  const stock = useMemo(() => (o ? stockOption(o.hazardStockByTown, words) : null), [o, words]);
  const alerts = useMemo(() => (o ? alertsOption(o.unresolvedAlerts, words) : null), [o, words]);
  if (!o) return <Card loading={fetching} />;
  const enterprises = o.enterprisesByGrade.reduce((n, g) => n + g.count, 0);
  const unresolved = o.unresolvedAlerts.reduce((n, a) => n + a.count, 0);
  const planned = o.inspectionsPlannedThisMonth;
  const done = o.inspectionsDoneThisMonth;
  const title = (id: Parameters<typeof t>[0]) => <h3 style={{ margin: 0, fontSize: 15 }}>{t(id)}</h3>;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('dashboard')}</h2>} extra={`${t('asOf')} ${formatDateTime(o.asOf, language)}`}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Link to="/enterprises">
                <Statistic title={t('enterpriseCount')} value={enterprises} />
              </Link>
            </Col>
            <Col xs={12} md={6}>
              <Link to="/alerts">
                <Statistic title={t('unresolvedAlerts')} value={unresolved} />
              </Link>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('inspectionsThisMonth')} value={`${done} / ${planned}`} />
              <Progress percent={planned ? Math.round((done / planned) * 100) : 0} size="small" aria-label={t('inspectionsThisMonth')} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('licencesExpiring')} value={o.licencesExpiringIn90Days} />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={title('gradesByTown')}>
          {grades ? <EChart option={grades} label={t('gradesByTown')} onClick={(town) => navigate(`/enterprises?town=${encodeURIComponent(town)}`)} /> : <Empty />}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={title('hazardStockByTown')}>
          {o.hazardStockByTown.length ? <EChart option={stock!} label={t('hazardStockByTown')} onClick={(town) => navigate(`/enterprises?town=${encodeURIComponent(town)}`)} /> : <Empty description={t('noData')} />}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={title('alertsByCode')}>
          {o.unresolvedAlerts.length ? (
            <EChart option={alerts!} label={t('alertsByCode')} onClick={(name) => navigate(`/alerts?code=${o.unresolvedAlerts.find((a) => words.alert(a.code) === name)?.code ?? ''}`)} />
          ) : (
            <Empty description={t('noData')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
