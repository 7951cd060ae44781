import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Direction, MovementReason, Unit } from '../../gql/graphql';
import { download } from '../../lib/download';
import { describeProblem, type ApiProblem } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import type { MessageId } from '../../lib/messages';
import { checkChunks, recordChunks, type RowProblem } from './bulk-calls';
import { chunksOf, COLUMNS, parseCsv, readRows, type Cell, type Chunk, type EntryRow, type Vocabulary } from './movement-sheet';

const UploadLabelsQuery = graphql(`
  query UploadLabels {
    enumLabels(enums: ["Direction", "MovementReason", "Unit"]) {
      enum
      value
      label
    }
  }
`);

type Stage =
  | { step: 'idle' }
  | { step: 'checking' | 'submitting'; done: number; total: number }
  | { step: 'checked'; file: string; problems: RowProblem[]; chunks: Chunk[]; total: number }
  | { step: 'submitted'; recorded: number; replayed: number }
  | { step: 'refused'; text: string };

const HEADER_OF = new Map<string, string>(COLUMNS.map((c) => [c.field, c.header]));
const SHEET_PROBLEM: Record<string, MessageId> = { unknownValue: 'uploadUnknownValue', badTime: 'uploadBadTime', required: 'required' };

/** 批量导入: an enterprise's movements from an Excel or CSV file, checked in a dry run, then recorded 1,000 a call. */
export default function UploadPage() {
  const { t } = useI18n();
  const client = useClient();
  const [{ data }] = useQuery({ query: UploadLabelsQuery });
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const vocabulary = useMemo(() => vocabularyOf(data?.enumLabels ?? []), [data]);
  const say = (p: ApiProblem) => describeProblem(p, t);

  async function check(file: File) {
    setStage({ step: 'checking', done: 0, total: 0 });
    try {
      const cells: Cell[][] = /\.csv$/i.test(file.name) ? parseCsv(await file.text()) : await (await import('./workbook')).readWorkbook(await file.arrayBuffer());
      const rows = readRows(cells, vocabulary);
      if ('missing' in rows) return setStage({ step: 'refused', text: t('uploadMissingColumns', { columns: rows.missing.join('、') }) });
      if (!rows.length) return setStage({ step: 'refused', text: t('uploadNoRows') });
      const problems: RowProblem[] = [];
      const good: EntryRow[] = [];
      for (const r of rows) {
        if ('entry' in r) good.push(r);
        else problems.push({ row: r.row, problem: { code: 'BAD_USER_INPUT', field: r.field, message: t(SHEET_PROBLEM[r.problem]) } });
      }
      const chunks = chunksOf(good);
      setStage({ step: 'checking', done: 0, total: good.length });
      problems.push(...(await checkChunks(client, chunks, (done) => setStage({ step: 'checking', done, total: good.length }))));
      problems.sort((a, b) => a.row - b.row);
      setStage({ step: 'checked', file: file.name, problems, chunks, total: rows.length });
    } catch (problem) {
      setStage({ step: 'refused', text: problem && typeof problem === 'object' && 'code' in problem ? say(problem as ApiProblem) : t('uploadUnreadable') });
    }
  }

  async function submit(chunks: Chunk[]) {
    const total = chunks.reduce((n, c) => n + c.entries.length, 0);
    setStage({ step: 'submitting', done: 0, total });
    try {
      setStage({ step: 'submitted', ...(await recordChunks(client, chunks, (done) => setStage({ step: 'submitting', done, total }))) });
    } catch (problem) {
      setStage({ step: 'refused', text: say(problem as ApiProblem) });
    }
  }

  async function template() {
    const labels = (name: string) => (data?.enumLabels ?? []).filter((l) => l.enum === name).map((l) => l.label);
    const { templateWorkbook } = await import('./workbook');
    const notes = [t('uploadNoteColumns'), t('uploadNoteTime'), t('uploadNoteLimit'), `${t('reason')}：${labels('MovementReason').join('、')}`];
    download(await templateWorkbook({ directions: labels('Direction'), reasons: labels('MovementReason'), units: labels('Unit') }, notes), '出入库批量导入模板.xlsx');
  }

  const busy = stage.step === 'checking' || stage.step === 'submitting';
  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>{t('upload')}</Typography.Title>}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void template()} disabled={!data}>
          {t('uploadTemplate')}
        </Button>
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('uploadHelp')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={busy || !data}
          beforeUpload={(file) => {
            void check(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('uploadChoose')}</p>
        </Upload.Dragger>
        {busy && (
          <div>
            <Typography.Text>{t(stage.step === 'checking' ? 'uploadChecking' : 'uploadSubmitting', { done: stage.done, total: stage.total })}</Typography.Text>
            <Progress percent={stage.total ? Math.floor((stage.done * 100) / stage.total) : 0} aria-label={t('uploadProgress')} />
          </div>
        )}
        {stage.step === 'refused' && <Alert type="error" showIcon title={stage.text} />}
        {stage.step === 'checked' && stage.problems.length > 0 && (
          <>
            <Alert type="error" showIcon title={t('uploadCheckFailed', { file: stage.file, rows: stage.problems.length, total: stage.total })} />
            <Table<RowProblem>
              size="small"
              rowKey={(p) => `${p.row}-${p.problem.field}`}
              dataSource={stage.problems}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('uploadRow'), dataIndex: 'row', width: 80 },
                { title: t('uploadColumn'), width: 140, render: (_, p) => HEADER_OF.get(p.problem.field?.split('.').pop() ?? '') ?? p.problem.field ?? '—' },
                { title: t('uploadReason'), render: (_, p) => say(p.problem) },
              ]}
            />
          </>
        )}
        {stage.step === 'checked' && stage.problems.length === 0 && (
          <Alert
            type="success"
            showIcon
            title={t('uploadCheckPassed', { file: stage.file, total: stage.total })}
            action={
              <Button type="primary" onClick={() => void submit(stage.chunks)}>
                {t('uploadSubmit', { total: stage.total })}
              </Button>
            }
          />
        )}
        {stage.step === 'submitted' && (
          <Alert
            type="success"
            showIcon
            title={t('uploadSubmitted', { recorded: stage.recorded, replayed: stage.replayed })}
            action={<Link to="/movements">{t('movements')}</Link>}
          />
        )}
      </Space>
    </Card>
  );
}

/** Each enum value by itself and by its Chinese label. */
function vocabularyOf(labels: readonly { enum: string; value: string; label: string }[]): Vocabulary {
  const of = <T extends string>(name: string) => new Map<string, T>(labels.filter((l) => l.enum === name).flatMap((l) => [[l.value, l.value as T], [l.label, l.value as T]]));
  return { direction: of<Direction>('Direction'), reason: of<MovementReason>('MovementReason'), unit: of<Unit>('Unit') };
}
