import { Alert, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type AnyVariables, type CombinedError, type RequestPolicy, useQuery } from 'urql';
import { useCursorPages } from '../lib/cursor-pages';
import { describeProblem, problemsOf } from '../lib/errors';
import { useI18n } from '../lib/i18n';
import { Pager } from './Pager';

interface Connection<Row> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: Row }[];
}

interface Pages {
  page: number;
  previous(): void;
  next(endCursor: string | null | undefined): void;
}

/** One keyset page of a connection as a table with its pager; the API's refusal (e.g. FORBIDDEN outside a mandate) in words above it. */
export function PagedTable<Row extends { id: string }>({ connection, fetching, error, columns, pages }: { connection?: Connection<Row>; fetching: boolean; error?: CombinedError; columns: ColumnsType<Row>; pages: Pages }) {
  const { t } = useI18n();
  const problems = problemsOf(error);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {problems.length > 0 && <Alert type="error" showIcon title={problems.map((p) => describeProblem(p, t)).join('；')} />}
      <Table<Row> size="small" rowKey="id" loading={fetching} dataSource={connection?.edges.map((e) => e.node) ?? []} pagination={false} scroll={{ x: true }} columns={columns} />
      <Pager page={pages.page} total={connection?.totalCount ?? 0} hasNext={!!connection?.pageInfo.hasNextPage} onPrevious={pages.previous} onNext={() => pages.next(connection?.pageInfo.endCursor)} />
    </Space>
  );
}

/** A connection query paged by its `after` cursor: its data, and the rest of PagedTable's props. */
export function usePagedQuery<Data, Variables extends AnyVariables & { after?: string | null }>(query: TypedDocumentNode<Data, Variables>, variables: Omit<Variables, 'after'>, requestPolicy?: RequestPolicy) {
  const pages = useCursorPages();
  const [{ data, fetching, error }] = useQuery<Data, Variables>({ query, variables: { ...variables, after: pages.after } as Variables, requestPolicy });
  return { data, paged: { fetching, error, pages }, reset: pages.reset };
}
