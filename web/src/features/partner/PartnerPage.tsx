import { Alert, Card, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/SessionContext';
import { useI18n } from '../../lib/i18n';
import type { MessageId } from '../../lib/messages';
import { AuditTrail } from './AuditTrail';
import { PartnerMovementList, PartnerShipmentList } from './partner-flows';
import { PartnerNotificationList } from './PartnerNotifications';
import { PartnerEnterpriseList, PartnerLicenceList, PartnerProductList, PartnerStockList, PartnerWarehouseList } from './partner-lists';

type ListKey = 'enterprises' | 'warehouses' | 'stock' | 'products' | 'licences' | 'movements' | 'shipments' | 'notifications';

/** Which mandate opens each list (the API's matrix, docs/access.md); a list of one enterprise needs it chosen first. */
const LISTS: readonly { key: ListKey; label: MessageId; mandates: readonly string[]; perEnterprise?: boolean }[] = [
  { key: 'enterprises', label: 'partnerEnterprises', mandates: ['ENTERPRISES'] },
  { key: 'warehouses', label: 'partnerWarehouses', mandates: ['WAREHOUSES'], perEnterprise: true },
  { key: 'stock', label: 'stock', mandates: ['STOCK'] },
  { key: 'products', label: 'partnerProducts', mandates: ['PRODUCTS'] },
  { key: 'licences', label: 'licences', mandates: ['LICENCES'] },
  { key: 'movements', label: 'movements', mandates: ['CONTROLLED_MOVEMENTS', 'DISPOSAL_MOVEMENTS'] },
  { key: 'shipments', label: 'partnerShipments', mandates: ['SHIPMENTS'], perEnterprise: true },
  { key: 'notifications', label: 'partnerNotifications', mandates: ['MAJOR_HAZARD'] },
];

/**
 * 协同查询: a partner department's lists, one tab for each its mandates open (its notifications among them), and its
 * own audit trail; a movement's 校验 checks the entry's inclusion in the signed log in the browser.
 * A list outside the mandate named in the address is still asked of the API, which refuses it (shown as such).
 */
export default function PartnerPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const holds = (m: string) => session.mandates.includes(m);
  const allowed = LISTS.filter((l) => l.mandates.some(holds));
  const active = params.get('tab') ?? allowed[0]?.key ?? 'audit';
  const enterprise = params.get('enterprise') ?? undefined;
  const perEnterprise = allowed.find((l) => l.perEnterprise);
  const go = (tab: string, code?: string) => setParams(code ? { tab, enterprise: code } : enterprise ? { tab, enterprise } : { tab });

  const list = (key: ListKey): ReactNode => {
    const spec = LISTS.find((l) => l.key === key)!;
    if (spec.perEnterprise && !enterprise) return <Alert type="info" showIcon title={t('partnerChooseEnterprise')} />;
    const chosen = spec.perEnterprise && <Typography.Paragraph>{t('enterprise')}：{enterprise}</Typography.Paragraph>;
    switch (key) {
      case 'enterprises':
        return <PartnerEnterpriseList open={perEnterprise && { label: t(perEnterprise.label), go: (code) => go(perEnterprise.key, code) }} />;
      case 'warehouses':
        return <>{chosen}<PartnerWarehouseList variables={{ enterprise: enterprise!, majorHazard: holds('MAJOR_HAZARD') }} /></>;
      case 'stock':
        return <PartnerStockList variables={{}} />;
      case 'products':
        return <PartnerProductList variables={{}} />;
      case 'licences':
        return <PartnerLicenceList variables={{}} />;
      case 'movements':
        return <PartnerMovementList variables={{ counterparties: holds('COUNTERPARTIES'), waybills: holds('WAYBILLS') }} />;
      case 'shipments':
        return <>{chosen}<PartnerShipmentList variables={{ enterprise: enterprise! }} /></>;
      case 'notifications':
        return <PartnerNotificationList />;
    }
  };

  const shown = LISTS.filter((l) => allowed.includes(l) || l.key === active);
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('partnerArea')}</h2>}>
      <Tabs
        activeKey={active}
        onChange={(tab) => go(tab)}
        destroyOnHidden
        items={[
          ...shown.map((l) => ({ key: l.key, label: t(l.label), children: list(l.key) })),
          { key: 'audit', label: t('auditTrail'), children: <AuditTrail /> },
        ]}
      />
    </Card>
  );
}
