import { registerEnumType } from 'type-graphql';

/** The licences the bureau (and, for purchase permits, public security) issues. docs/licensing.md cites the rules. */
export enum LicenceType {
  /** 危险化学品经营许可证: trade, with or without storage. */
  HAZCHEM_BUSINESS = 'HAZCHEM_BUSINESS',
  /** 安全生产许可证 (危险化学品生产企业): production, and the sale of its own products. */
  SAFETY_PRODUCTION = 'SAFETY_PRODUCTION',
  /** 危险化学品安全使用许可证: use in production by a chemical enterprise that does not make hazchem. */
  SAFE_USE = 'SAFE_USE',
  /** 剧毒化学品购买许可证 (公安机关): lets a buyer without another licence purchase a highly toxic chemical. */
  HIGHLY_TOXIC_PURCHASE = 'HIGHLY_TOXIC_PURCHASE',
}

/**
 * The lifecycle state as stored: what the last event made of the licence.
 * EXPIRED is never stored: it is derived from `validUntil` at read time.
 */
export enum LicenceState {
  PENDING = 'PENDING',
  REFUSED = 'REFUSED',
  VALID = 'VALID',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
  CANCELLED = 'CANCELLED',
}

/** The status a reader sees at an instant: the state, with EXPIRED derived from the date. */
export enum LicenceStatus {
  /** Applied for and not yet decided, or issued with a validFrom still ahead. */
  PENDING = 'PENDING',
  REFUSED = 'REFUSED',
  VALID = 'VALID',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}

export enum LicenceEventType {
  APPLIED = 'APPLIED',
  ISSUED = 'ISSUED',
  /** The application was decided against. */
  REFUSED = 'REFUSED',
  /** 变更: holder name, address or legal representative. */
  CHANGED = 'CHANGED',
  /** 新增品名: chemicals added to the scope. */
  SCOPE_ADDED = 'SCOPE_ADDED',
  /** 补办: a replacement certificate; same number, same validity. */
  REISSUED = 'REISSUED',
  SUSPENDED = 'SUSPENDED',
  /** A suspension lifted. */
  REINSTATED = 'REINSTATED',
  REVOKED = 'REVOKED',
  /** 注销 */
  CANCELLED = 'CANCELLED',
}

/** What a ledger movement makes an enterprise do with a chemical; licences cover activities. */
export enum Activity {
  TRADE = 'TRADE',
  STORAGE = 'STORAGE',
  USE = 'USE',
  PRODUCTION = 'PRODUCTION',
  PURCHASE = 'PURCHASE',
}

export enum AlertCode {
  /** No licence covering the activity, ever issued and in force by then. */
  LICENCE_MISSING = 'LICENCE_MISSING',
  /** The covering licence had passed its validUntil. */
  LICENCE_EXPIRED = 'LICENCE_EXPIRED',
  /** The covering licence was suspended, revoked or cancelled at the time. */
  LICENCE_INVALID = 'LICENCE_INVALID',
  /** A licence covering the activity was in force, but its scope did not include the chemical (or storage). */
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** The buyer of a highly toxic or explosive-precursor chemical held no valid licence for it. */
  COUNTERPARTY_UNLICENSED = 'COUNTERPARTY_UNLICENSED',
  /**
   * Not a licence check: the nightly ledger verification found the chain
   * broken (hash, link, seq, canonical form or head). Always CRITICAL; names
   * the chain and the seq of the first failing entry.
   */
  CHAIN_BROKEN = 'CHAIN_BROKEN',
  /** A receipt by scan found less than was shipped, beyond the tolerance: raised on both chains. */
  RECEIPT_SHORTFALL = 'RECEIPT_SHORTFALL',
  /** After an IN, a warehouse holds more tonnes (KG and T products) than its capacity. */
  OVER_CAPACITY = 'OVER_CAPACITY',
  /** A batch sold after its expiry or retest date. */
  BATCH_EXPIRED = 'BATCH_EXPIRED',
  /** A coded batch taken in, not by a receipt of a shipment, by an enterprise other than its origin. */
  UNKNOWN_BATCH_SOURCE = 'UNKNOWN_BATCH_SOURCE',
  /** A highly toxic or explosive-precursor chemical shipped without a transport document. */
  TRANSPORT_DOC_MISSING = 'TRANSPORT_DOC_MISSING',
}

/** The codes raised by the ledger's licence checks (everything but CHAIN_BROKEN). */
export const LICENCE_CHECK_CODES: readonly AlertCode[] = [
  AlertCode.LICENCE_MISSING,
  AlertCode.LICENCE_EXPIRED,
  AlertCode.LICENCE_INVALID,
  AlertCode.OUT_OF_SCOPE,
  AlertCode.COUNTERPARTY_UNLICENSED,
];

export enum AlertSeverity {
  /** A failed licence check: worked in the ordinary course. */
  NORMAL = 'NORMAL',
  /** Needs a regulator now: a broken ledger chain. */
  CRITICAL = 'CRITICAL',
}

export enum AlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}

registerEnumType(LicenceType, {
  name: 'LicenceType',
  valuesConfig: {
    HAZCHEM_BUSINESS: { description: '危险化学品经营许可证' },
    SAFETY_PRODUCTION: { description: '安全生产许可证' },
    SAFE_USE: { description: '危险化学品安全使用许可证' },
    HIGHLY_TOXIC_PURCHASE: { description: '剧毒化学品购买许可证' },
  },
});
registerEnumType(LicenceStatus, { name: 'LicenceStatus', description: 'EXPIRED is derived from validUntil at read time' });
registerEnumType(LicenceEventType, { name: 'LicenceEventType' });
registerEnumType(Activity, { name: 'Activity', description: 'What a movement makes an enterprise do with a chemical' });
registerEnumType(AlertCode, { name: 'AlertCode' });
registerEnumType(AlertStatus, { name: 'AlertStatus' });
registerEnumType(AlertSeverity, { name: 'AlertSeverity', description: 'NORMAL for a failed licence check, CRITICAL for a broken ledger chain' });
