import { Button, Space, Tag } from 'antd';
import { PagedList, pagedListOf } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { PartnerEnterprisesQuery, PartnerWarehousesQuery } from '../../gql/graphql';
import { formatDate, formatDateTime, formatQuantity } from '../../lib/format';

// The lists a partner department's mandates open (docs/access.md): each one query, 20 rows a keyset page.

const PartnerEnterprises = graphql(`
  query PartnerEnterprises($after: String) {
    enterprises(first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          creditCode
          name
          town
          enforcementLevel
          status
        }
      }
    }
  }
`);

type EnterpriseRow = PartnerEnterprisesQuery['enterprises']['edges'][number]['node'];

/** 企业信息; `open` leads to the enterprise's own lists (仓库, 运输) where the mandate has them. */
export function PartnerEnterpriseList({ open }: { open?: { label: string; go(creditCode: string): void } }) {
  return (
    <PagedList
      query={PartnerEnterprises}
      variables={{}}
      connection={(d) => d.enterprises}
      columns={({ t, label }) => [
        { title: t('enterprise'), dataIndex: 'name' },
        { title: t('creditCode'), dataIndex: 'creditCode' },
        { title: t('town'), dataIndex: 'town' },
        { title: t('level'), dataIndex: 'enforcementLevel', render: (v: string) => label('EnforcementLevel', v) },
        { title: t('status'), dataIndex: 'status', render: (v: string) => label('EnterpriseStatus', v) },
        ...(open ? [{ title: t('actions'), key: 'open', render: (_: unknown, r: EnterpriseRow) => <Button size="small" onClick={() => open.go(r.creditCode)}>{open.label}</Button> }] : []),
      ]}
    />
  );
}

const PartnerWarehouses = graphql(`
  query PartnerWarehouses($enterprise: CreditCode!, $after: String, $majorHazard: Boolean!) {
    warehouses(enterprise: $enterprise, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          code
          name
          address
          storageType
          capacityTonnes
          majorHazard @include(if: $majorHazard) {
            sum
            flagged
          }
        }
      }
    }
  }
`);

type WarehouseRow = PartnerWarehousesQuery['warehouses']['edges'][number]['node'];

/** 仓库 of one enterprise, with its GB 18218 sum S when the department holds MAJOR_HAZARD. */
export const PartnerWarehouseList = pagedListOf(PartnerWarehouses, (d) => d.warehouses, ({ t, label }, { majorHazard }) => [
  { title: t('warehouse'), key: 'w', render: (_, r) => `${r.code} ${r.name}` },
  { title: t('address'), dataIndex: 'address' },
  { title: t('storageType'), dataIndex: 'storageType', render: (v: string) => label('StorageType', v) },
  { title: t('capacity'), dataIndex: 'capacityTonnes', render: (v: string) => `${v} ${t('tonnes')}` },
  ...(majorHazard
    ? [{ title: t('majorHazardSum'), key: 's', render: (_: unknown, r: WarehouseRow) => <Space>S = {r.majorHazard?.sum}{r.majorHazard?.flagged && <Tag color="red">{t('majorHazard')}</Tag>}</Space> }]
    : []),
]);

const PartnerStock = graphql(`
  query PartnerStock($after: String) {
    stock(first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          batch
          quantity
          updatedAt
          enterprise {
            name
          }
          warehouse {
            code
            name
          }
          product {
            tradeName
            unit
            chemical {
              name
            }
          }
        }
      }
    }
  }
`);

export const PartnerStockList = pagedListOf(PartnerStock, (d) => d.stock, ({ t, language, label }) => [
  { title: t('enterprise'), key: 'e', render: (_, r) => r.enterprise.name },
  { title: t('warehouse'), key: 'w', render: (_, r) => `${r.warehouse.code} ${r.warehouse.name}` },
  { title: t('product'), key: 'p', render: (_, r) => `${r.product.tradeName}（${r.product.chemical.name}）` },
  { title: t('traceBatch'), dataIndex: 'batch' },
  { title: t('quantity'), key: 'q', align: 'right', render: (_, r) => formatQuantity(r.quantity, label('Unit', r.product.unit)) },
  { title: t('updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, language) },
]);

const PartnerProducts = graphql(`
  query PartnerProducts($after: String) {
    products(first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          traceCode
          tradeName
          specification
          unit
          enterprise {
            name
          }
          chemical {
            name
            casNumbers
          }
        }
      }
    }
  }
`);

export const PartnerProductList = pagedListOf(PartnerProducts, (d) => d.products, ({ t, label }) => [
  { title: t('traceProduct'), dataIndex: 'traceCode' },
  { title: t('product'), key: 'p', render: (_, r) => `${r.tradeName}（${r.chemical.name}，CAS ${r.chemical.casNumbers.join('、') || '—'}）` },
  { title: t('specification'), dataIndex: 'specification' },
  { title: t('unit'), dataIndex: 'unit', render: (v: string) => label('Unit', v) },
  { title: t('enterprise'), key: 'e', render: (_, r) => r.enterprise.name },
]);

const PartnerLicences = graphql(`
  query PartnerLicences($after: String) {
    licences(first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          number
          type
          status
          holderName
          validFrom
          validUntil
        }
      }
    }
  }
`);

export const PartnerLicenceList = pagedListOf(PartnerLicences, (d) => d.licences, ({ t, language, label }) => [
  { title: t('licenceNumber'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
  { title: t('type'), dataIndex: 'type', render: (v: string) => label('LicenceType', v) },
  { title: t('enterprise'), dataIndex: 'holderName' },
  { title: t('status'), dataIndex: 'status', render: (v: string) => label('LicenceStatus', v) },
  { title: t('validity'), key: 'v', render: (_, r) => `${formatDate(r.validFrom, language)} ~ ${formatDate(r.validUntil, language)}` },
]);
