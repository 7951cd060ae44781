import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, List, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import type { EntryProofQuery } from '../../gql/graphql';
import { describeProblem, problemsOf } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import type { MessageId } from '../../lib/messages';
import { type Check, type CheckName, verifyEntryInclusion } from './inclusion-proof';

// The entry's proof against the latest checkpoint, the checkpoint and the log's key in one request, so the three
// are read together; a checkpoint signed between would show as a size mismatch, which the checks name.
const EntryProofDocument = graphql(`
  query EntryProof($chain: CreditCode!, $seq: Int!) {
    logKey
    logCheckpoint {
      note
      size
      root
      createdAt
    }
    entryProof(chain: $chain, seq: $seq) {
      chain
      seq
      canonical
      hash
      logIndex
      treeSize
      proof
    }
  }
`);

const CHECK_LABELS: Record<CheckName, MessageId> = {
  entryHash: 'proofEntryHash',
  checkpointSignature: 'proofCheckpointSignature',
  checkpointText: 'proofCheckpointText',
  inclusion: 'proofInclusion',
};

type Loaded = { data: EntryProofQuery; checks: Check[] } | { problem: string };

/** 校验: a ledger entry's inclusion in the signed transparency log, checked here in the browser, with what it was checked against. */
export function EntryProofButton({ chain, seq }: { chain: string; seq: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setOpen(true)} aria-label={`${t('proofVerify')}：${chain} #${seq}`}>
        {t('proofVerify')}
      </Button>
      {open && <EntryProofModal chain={chain} seq={seq} onClose={() => setOpen(false)} />}
    </>
  );
}

function EntryProofModal({ chain, seq, onClose }: { chain: string; seq: number; onClose(): void }) {
  const { t } = useI18n();
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await client.query(EntryProofDocument, { chain, seq }, { requestPolicy: 'network-only' }).toPromise();
      const problems = problemsOf(result.error);
      const next: Loaded = result.data && !problems.length
        ? { data: result.data, checks: await verifyEntryInclusion(result.data.entryProof, result.data.logCheckpoint, result.data.logKey) }
        : { problem: problems.map((p) => describeProblem(p, t)).join('；') || t('proofUnavailable') };
      if (live) setLoaded(next);
    })();
    return () => {
      live = false;
    };
  }, [client, chain, seq, t]);

  return (
    <Modal open title={t('proofTitle', { chain, seq })} onCancel={onClose} footer={null} width={760}>
      {!loaded ? <Spin /> : 'problem' in loaded ? <Alert type="error" showIcon title={loaded.problem} /> : <ProofReport {...loaded} />}
    </Modal>
  );
}

function ProofReport({ data, checks }: { data: EntryProofQuery; checks: Check[] }) {
  const { t } = useI18n();
  const proven = checks.every((c) => c.ok);
  const { entryProof: entry, logCheckpoint: checkpoint } = data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type={proven ? 'success' : 'error'} showIcon title={t(proven ? 'proofProven' : 'proofFailed')} />
      <List
        size="small"
        bordered
        dataSource={checks}
        renderItem={(c) => (
          <List.Item>
            <Space>
              {c.ok ? <CheckCircleFilled style={{ color: '#137333' }} /> : <CloseCircleFilled style={{ color: '#c5221f' }} />}
              {t(CHECK_LABELS[c.name])}
              {!c.ok && <Typography.Text type="danger">{c.detail}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('proofEntryHashLabel')}>
          <Typography.Text code copyable>{entry.hash}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('proofLeaf')}>{t('proofLeafOf', { index: entry.logIndex, size: entry.treeSize })}</Descriptions.Item>
        <Descriptions.Item label={t('proofHashes')}>
          <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{entry.proof.join('\n') || '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('proofCheckpoint')}>
          <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{checkpoint.note}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('proofLogKey')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>{data.logKey}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}
