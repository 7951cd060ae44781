import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useI18n } from '../lib/i18n';

/** Previous and next for a keyset-paginated list, with the page number and the total. */
export function Pager({ page, total, hasNext, onPrevious, onNext }: { page: number; total: number; hasNext: boolean; onPrevious(): void; onNext(): void }) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
      <Typography.Text>{t('pageOf', { page, total })}</Typography.Text>
      <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={onPrevious}>
        {t('previousPage')}
      </Button>
      <Button icon={<RightOutlined />} iconPlacement="end" disabled={!hasNext} onClick={onNext}>
        {t('nextPage')}
      </Button>
    </Space>
  );
}
