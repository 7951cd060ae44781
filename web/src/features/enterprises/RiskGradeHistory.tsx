import { Tag } from 'antd';
import { pagedListOf } from '../../components/PagedTable';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/format';

const RiskGradeHistoryQuery = graphql(`
  query RiskGradeHistory($enterprise: CreditCode!, $after: String) {
    riskGradeHistory(enterprise: $enterprise, newestFirst: true, first: 10, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
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

/** Every change of the enterprise's risk grade with the reasons that scored it, the current grade first, ten a page. */
export const RiskGradeHistory = pagedListOf(RiskGradeHistoryQuery, (d) => d.riskGradeHistory, ({ t, language, label }) => [
  { title: t('gradedAt'), dataIndex: 'gradedAt', render: (v: string) => formatDateTime(v, language) },
  { title: t('grade'), key: 'grade', render: (_, g) => <Tag>{`${g.previousGrade ? `${label('RiskGrade', g.previousGrade)} → ` : ''}${label('RiskGrade', g.grade)}`}</Tag> },
  { title: t('score'), dataIndex: 'score', align: 'right' },
  { title: t('treatment'), dataIndex: 'treatment', render: (v: string) => label('SupervisionTreatment', v) },
  { title: t('reasons'), key: 'reasons', render: (_, g) => g.reasons.map((r) => <div key={`${r.factor}${r.detail}`}>{`${r.detail}（${r.points > 0 ? '+' : ''}${r.points}）`}</div>) },
]);
