import { Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Home } from '../features/home/Home';
import { useI18n } from '../lib/i18n';
import { ConsoleLayout } from './ConsoleLayout';

// Every screen but the home page is its own chunk: the first page stays within its script budget,
// and Cytoscape and ECharts load only with the screens that draw.
const TracePage = lazy(() => import('../features/trace/TracePage'));
const StockPage = lazy(() => import('../features/stock/StockPage'));
const MovementsPage = lazy(() => import('../features/movements/MovementsPage'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const EnterprisesPage = lazy(() => import('../features/enterprises/EnterprisesPage'));
const AlertsPage = lazy(() => import('../features/alerts/AlertsPage'));
const Enterprise360Page = lazy(() => import('../features/enterprises/Enterprise360Page'));
const UploadPage = lazy(() => import('../features/upload/UploadPage'));
const ShipmentsPage = lazy(() => import('../features/shipments/ShipmentsPage'));
const PartnerPage = lazy(() => import('../features/partner/PartnerPage'));

export function ConsoleRoutes() {
  const { t } = useI18n();
  return (
    <ConsoleLayout>
      <Suspense fallback={<Spin description={t('loading')} />}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/dashboard" element={<DashboardPage />} />
          <Route path="/enterprises" element={<EnterprisesPage />} />
          <Route path="/enterprises/:code" element={<Enterprise360Page />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/trace" element={<TracePage />} />
          <Route path="/stock" element={<StockPage />} />
          <Route path="/movements" element={<MovementsPage />} />
          <Route path="/upload" element={<UploadPage />} />
          {/* /shipments/{code}: a transport document's QR code, the receipt of that shipment (one route, so closing it keeps the page). */}
          <Route path="/shipments/:code?" element={<ShipmentsPage />} />
          <Route path="/partner" element={<PartnerPage />} />
          <Route path="*" element={<Result status="404" title={t('notFound')} />} />
        </Routes>
      </Suspense>
    </ConsoleLayout>
  );
}
