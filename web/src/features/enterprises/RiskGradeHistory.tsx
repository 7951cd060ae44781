import { Table, Tag } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

const RiskGradeHistoryQuery = graphql(`
  query RiskGradeHistory($enterprise: CreditCode!) {
    riskGradeHistory(enterprise: $enterprise, first: 50) {
      edges {
        node {
          id
          grade
          previousGrade
          score
          treatment
          gradedAt
          reasons {
            factor
            detail
            points
          }
        }
      }
    }
  }
`);

/** Every change of the enterprise's risk grade with the reasons that scored it. */
export function RiskGradeHistory({ enterprise }: { enterprise: string }) {
  const { t, language } = useI18n();
  const label = useLabel();
  const [{ data, fetching }] = useQuery({ query: RiskGradeHistoryQuery, variables: { enterprise } });
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetching}
      pagination={false}
      dataSource={data?.riskGradeHistory.edges.map((e) => e.node).reverse() ?? []}
      columns={[
        { title: t('gradedAt'), dataIndex: 'gradedAt', render: (v: string) => formatDateTime(v, language) },
        { title: t('grade'), key: 'grade', render: (_, g) => <Tag>{`${g.previousGrade ? `${label('RiskGrade', g.previousGrade)} → ` : ''}${label('RiskGrade', g.grade)}`}</Tag> },
        { title: t('score'), dataIndex: 'score', align: 'right' },
        { title: t('treatment'), dataIndex: 'treatment', render: (v: string) => label('SupervisionTreatment', v) },
        { title: t('reasons'), key: 'reasons', render: (_, g) => g.reasons.map((r) => <div key={`${r.factor}${r.detail}`}>{`${r.detail}（${r.points > 0 ? '+' : ''}${r.points}）`}</div>) },
      ]}
    />
  );
}
