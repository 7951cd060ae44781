import { pagedListOf } from '../../components/PagedTable';
import { graphql } from '../../gql';
import type { PartnerMovementsQuery } from '../../gql/graphql';
import { formatDateTime, formatQuantity } from '../../lib/format';
import { EntryProofButton } from '../ledger/EntryProof';

// Movements and shipments as a partner reads them: the counterparty and waybill columns are asked for
// (@include) only when the department holds COUNTERPARTIES or WAYBILLS, which would otherwise be refused.

const PartnerMovements = graphql(`
  query PartnerMovements($after: String, $counterparties: Boolean!, $waybills: Boolean!) {
    movements(first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          chain
          seq
          occurredAt
          direction
          reason
          quantity
          unit
          batch
          warehouseCode
          enterprise {
            name
          }
          product {
            tradeName
            chemical {
              name
            }
          }
          counterparty @include(if: $counterparties) {
            name
          }
          counterpartyCode @include(if: $counterparties)
          transportDoc @include(if: $waybills)
        }
      }
    }
  }
`);

type MovementRow = PartnerMovementsQuery['movements']['edges'][number]['node'];

/** 出入库: the movements the mandate covers (controlled chemicals, or disposals), the API narrowing them. */
export const PartnerMovementList = pagedListOf(PartnerMovements, (d) => d.movements, ({ t, language, label }, { counterparties, waybills }) => [
  { title: t('occurredAt'), dataIndex: 'occurredAt', render: (v: string) => formatDateTime(v, language) },
  { title: t('enterprise'), key: 'e', render: (_, r) => r.enterprise.name },
  { title: t('directionLabel'), dataIndex: 'direction', render: (v: string) => label('Direction', v) },
  { title: t('reason'), dataIndex: 'reason', render: (v: string) => label('MovementReason', v) },
  { title: t('product'), key: 'p', render: (_, r) => `${r.product.tradeName}（${r.product.chemical.name}）` },
  { title: t('traceBatch'), dataIndex: 'batch' },
  { title: t('warehouse'), dataIndex: 'warehouseCode' },
  { title: t('quantity'), key: 'q', align: 'right', render: (_, r) => formatQuantity(r.quantity, label('Unit', r.unit)) },
  ...(counterparties ? [{ title: t('counterparty'), key: 'c', render: (_: unknown, r: MovementRow) => r.counterparty?.name ?? r.counterpartyCode ?? '—' }] : []),
  ...(waybills ? [{ title: t('transportDoc'), key: 'd', render: (_: unknown, r: MovementRow) => r.transportDoc ?? '—' }] : []),
  { title: t('proofVerify'), key: 'v', render: (_, r) => <EntryProofButton chain={r.chain} seq={r.seq} /> },
]);

const PartnerShipments = graphql(`
  query PartnerShipments($enterprise: CreditCode!, $after: String) {
    shipments(enterprise: $enterprise, openOnly: false, first: 20, after: $after) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        node {
          id
          code
          shippedAt
          senderCode
          receiverCode
          batch
          shipped
          inTransit
          closedAt
          sender {
            name
          }
          receiver {
            name
          }
          product {
            tradeName
            unit
          }
        }
      }
    }
  }
`);

/** 运输: one enterprise's shipments, sent and received, open or closed. */
export const PartnerShipmentList = pagedListOf(PartnerShipments, (d) => d.shipments, ({ t, language, label }) => [
  { title: t('shipmentCode'), dataIndex: 'code' },
  { title: t('shippedAt'), dataIndex: 'shippedAt', render: (v: string) => formatDateTime(v, language) },
  { title: t('sender'), key: 's', render: (_, r) => r.sender.name },
  { title: t('receiver'), key: 'r', render: (_, r) => r.receiver?.name ?? r.receiverCode },
  { title: t('product'), key: 'p', render: (_, r) => r.product.tradeName },
  { title: t('traceBatch'), dataIndex: 'batch' },
  { title: t('quantity'), key: 'q', align: 'right', render: (_, r) => formatQuantity(r.shipped, label('Unit', r.product.unit)) },
  { title: t('inTransitQuantity'), key: 'i', align: 'right', render: (_, r) => formatQuantity(r.inTransit, label('Unit', r.product.unit)) },
]);
