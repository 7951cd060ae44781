import { Button, Form } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

/**
 * A list's filters in one row with 查询; the list goes back to its first page when they change. Drawn
 * again when `initialValues` change (a link or the back button set other filters in the address).
 */
export function FilterForm<Values extends object>({ name, initialValues, onFilter, children }: { name: string; initialValues?: Values; onFilter(values: Values): void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Form<Values> key={JSON.stringify(initialValues)} name={name} layout="inline" style={{ rowGap: 8 }} initialValues={initialValues} onFinish={onFilter}>
      {children}
      <Button htmlType="submit">{t('filter')}</Button>
    </Form>
  );
}
