import { Result } from 'antd';
import { Route, Routes } from 'react-router-dom';
import { Home } from '../features/home/Home';
import { useI18n } from '../lib/i18n';
import { ConsoleLayout } from './ConsoleLayout';

export function ConsoleRoutes() {
  const { t } = useI18n();
  return (
    <ConsoleLayout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="*" element={<Result status="404" title={t('notFound')} />} />
      </Routes>
    </ConsoleLayout>
  );
}
