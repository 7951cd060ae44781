import { Alert, Space, Table } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type AnyVariables, type CombinedError, type OperationContext, type RequestPolicy, useQuery } from 'urql';
import { graphql } from '../gql';
import { useCursorPages } from '../lib/cursor-pages';
import { describeProblem, problemsOf } from '../lib/errors';
import { type Language, useI18n } from '../lib/i18n';
import { useLabel } from '../lib/labels';
import { Pager } from './Pager';

// What the pager needs of a connection's pageInfo; every list's query spreads it (`pageInfo { ...NextPage }`).
graphql(`
  fragment NextPage on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** One page of a connection as the lists select it: totalCount because the pager shows it. */
export interface Connection<Row> {
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
export function PagedTable<Row extends { id: string }>({
  connection,
  fetching,
  error,
  columns,
  pages,
  expandable,
}: {
  connection?: Connection<Row>;
  fetching: boolean;
  error?: CombinedError;
  columns: ColumnsType<Row>;
  pages: Pages;
  /** Rows that open onto their own sub-list (an inspection's findings). */
  expandable?: TableProps<Row>['expandable'];
}) {
  const { t } = useI18n();
  const problems = problemsOf(error);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {problems.length > 0 && <Alert type="error" showIcon title={problems.map((p) => describeProblem(p, t)).join('；')} />}
      <Table<Row> size="small" rowKey="id" loading={fetching} dataSource={connection?.edges.map((e) => e.node) ?? []} pagination={false} scroll={{ x: true }} columns={columns} expandable={expandable} />
      <Pager page={pages.page} total={connection?.totalCount ?? 0} hasNext={!!connection?.pageInfo.hasNextPage} onPrevious={pages.previous} onNext={() => pages.next(connection?.pageInfo.endCursor)} />
    </Space>
  );
}

interface QueryOptions {
  requestPolicy?: RequestPolicy;
  /** A constant (urql compares it by identity), e.g. additionalTypenames so a mutation refetches an empty page. */
  context?: Partial<OperationContext>;
}

/**
 * A connection query paged by its `after` cursor: its data, and the rest of PagedTable's props. Other
 * variables (the filters) changing starts again at the first page.
 */
export function usePagedQuery<Data, Variables extends AnyVariables & { after?: string | null }>(query: TypedDocumentNode<Data, Variables>, variables: Omit<Variables, 'after'>, options: QueryOptions = {}) {
  const pages = useCursorPages(JSON.stringify(variables));
  const [{ data, fetching, error }] = useQuery<Data, Variables>({ query, variables: { ...variables, after: pages.after } as Variables, ...options });
  return { data, paged: { fetching, error, pages } };
}

/** What a list's columns are written with: the user's language, its messages and the API's enum labels. */
export interface ColumnText {
  t: ReturnType<typeof useI18n>['t'];
  language: Language;
  label: ReturnType<typeof useLabel>;
}

/** A paged list: the query, where its connection is in the answer, and the columns of a row. */
export function PagedList<Data, Variables extends AnyVariables & { after?: string | null }, Row extends { id: string }>({
  query,
  variables,
  connection,
  columns,
  expandable,
  ...options
}: QueryOptions & {
  query: TypedDocumentNode<Data, Variables>;
  variables: Omit<Variables, 'after'>;
  connection(data: Data): Connection<Row>;
  columns(text: ColumnText): ColumnsType<Row>;
  expandable?: TableProps<Row>['expandable'];
}) {
  const { t, language } = useI18n();
  const label = useLabel();
  const { data, paged } = usePagedQuery(query, variables, options);
  return <PagedTable<Row> connection={data && connection(data)} columns={columns({ t, language, label })} expandable={expandable} {...paged} />;
}

/**
 * A list component for one query, given the variables: where the connection is in the answer, and the
 * columns, which may follow the variables (a column shown only where the query asks for it).
 */
export function pagedListOf<Data, Variables extends AnyVariables & { after?: string | null }, Row extends { id: string }>(
  query: TypedDocumentNode<Data, Variables>,
  connection: (data: Data) => Connection<Row>,
  columns: (text: ColumnText, variables: Omit<Variables, 'after'>) => ColumnsType<Row>,
) {
  return function List({ variables }: { variables: Omit<Variables, 'after'> }) {
    return <PagedList query={query} variables={variables} connection={connection} columns={(text) => columns(text, variables)} />;
  };
}
