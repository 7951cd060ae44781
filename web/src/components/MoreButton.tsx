import { Button } from 'antd';
import { useI18n } from '../lib/i18n';

/** 加载更多 under a list read a page at a time: how many are shown of how many, and nothing once all are. */
export function MoreButton({ shown, total, hasNext, fetching, onMore }: { shown: number; total: number; hasNext: boolean; fetching: boolean; onMore(): void }) {
  const { t } = useI18n();
  if (!hasNext) return null;
  return (
    <Button size="small" loading={fetching} onClick={onMore}>
      {t('loadMore', { shown, total })}
    </Button>
  );
}
