import { Card, Form, Input, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { FilterForm } from '../../components/FilterForm';
import { PagedList } from '../../components/PagedTable';
import { graphql } from '../../gql';
import { useI18n } from '../../lib/i18n';
import { useUrlFilters } from '../../lib/url-filters';

const EnterprisesQueryDocument = graphql(`
  query Enterprises($search: String, $town: String, $after: String) {
    enterprises(search: $search, town: $town, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          creditCode
          name
          town
          enforcementLevel
          industry
          keyUnit
          status
        }
      }
    }
  }
`);

/** 企业名录: search by name or credit code, filter by town (the dashboard links here by town); a name opens the enterprise page. */
export default function EnterprisesPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useUrlFilters(['search', 'town']);
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('enterprises')}</h2>}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <FilterForm name="enterprises" initialValues={filters} onFilter={setFilters}>
          <Form.Item name="search" label={t('searchEnterprise')}>
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="town" label={t('town')}>
            <Input style={{ width: 140 }} />
          </Form.Item>
        </FilterForm>
        <PagedList
          query={EnterprisesQueryDocument}
          variables={filters}
          connection={(d) => d.enterprises}
          columns={({ label }) => [
            { title: t('enterprise'), key: 'name', render: (_, r) => <Link to={`/enterprises/${r.creditCode}`}>{r.name}</Link> },
            { title: t('creditCode'), dataIndex: 'creditCode' },
            { title: t('town'), dataIndex: 'town' },
            { title: t('level'), dataIndex: 'enforcementLevel', render: (v: string) => label('EnforcementLevel', v) },
            { title: t('industry'), dataIndex: 'industry', render: (v: string) => label('IndustryCategory', v) },
            { title: t('keyUnit'), dataIndex: 'keyUnit', render: (v: boolean) => (v ? <Tag color="red">{t('keyUnit')}</Tag> : '—') },
            { title: t('status'), dataIndex: 'status', render: (v: string) => label('EnterpriseStatus', v) },
          ]}
        />
      </Space>
    </Card>
  );
}
