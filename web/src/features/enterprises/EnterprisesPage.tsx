import { Button, Card, Form, Input, Space, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { Pager } from '../../components/Pager';
import { graphql } from '../../gql';
import type { EnterprisesQuery } from '../../gql/graphql';
import { useCursorPages } from '../../lib/cursor-pages';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

const EnterprisesQueryDocument = graphql(`
  query Enterprises($search: String, $town: String, $after: String) {
    enterprises(search: $search, town: $town, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
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

type Row = EnterprisesQuery['enterprises']['edges'][number]['node'];

/** 企业名录: search by name or credit code, filter by town (the dashboard links here by town); a name opens the enterprise page. */
export default function EnterprisesPage() {
  const { t } = useI18n();
  const label = useLabel();
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const search = params.get('search') ?? undefined;
  const town = params.get('town') ?? undefined;
  const [{ data, fetching }] = useQuery({ query: EnterprisesQueryDocument, variables: { search, town, after: pages.after } });
  const list = data?.enterprises;
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('enterprises')}</h2>}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Form
          name="enterprises"
          layout="inline"
          initialValues={{ search, town }}
          onFinish={(v: { search?: string; town?: string }) => {
            pages.reset();
            setParams(Object.fromEntries(Object.entries(v).filter(([, value]) => value?.trim()).map(([k, value]) => [k, value!.trim()])));
          }}
        >
          <Form.Item name="search" label={t('searchEnterprise')}>
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="town" label={t('town')}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit">{t('filter')}</Button>
        </Form>
        <Table<Row>
          size="small"
          rowKey="id"
          loading={fetching}
          dataSource={list?.edges.map((e) => e.node) ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('enterprise'), key: 'name', render: (_, r) => <Link to={`/enterprises/${r.creditCode}`}>{r.name}</Link> },
            { title: t('creditCode'), dataIndex: 'creditCode' },
            { title: t('town'), dataIndex: 'town' },
            { title: t('level'), dataIndex: 'enforcementLevel', render: (v: string) => label('EnforcementLevel', v) },
            { title: t('industry'), dataIndex: 'industry', render: (v: string) => label('IndustryCategory', v) },
            { title: t('keyUnit'), dataIndex: 'keyUnit', render: (v: boolean) => (v ? <Tag color="red">{t('keyUnit')}</Tag> : '—') },
            { title: t('status'), dataIndex: 'status', render: (v: string) => label('EnterpriseStatus', v) },
          ]}
        />
        <Pager page={pages.page} total={list?.totalCount ?? 0} hasNext={!!list?.pageInfo.hasNextPage} onPrevious={pages.previous} onNext={() => pages.next(list?.pageInfo.endCursor)} />
      </Space>
    </Card>
  );
}
