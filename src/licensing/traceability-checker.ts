import { PlainStatement } from '../db/plain-connection';
import { AppendedMovement, MovementObserver, ObserverLookup, ShipmentClosure } from '../ledger/movement-observer';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { alertInsert, RaisedAlert } from './alert-insert';
import { AlertCode } from './licensing.enums';

/**
 * The checks batch and shipment codes make possible (docs/scanning.md), raised as alerts for
 * regulators inside the ledger's transaction. Like the licence checks, it never refuses an entry.
 */
export class TraceabilityChecker implements MovementObserver {
  /** `overCapacityTolerance`: the share over capacityTonnes a warehouse may hold before OVER_CAPACITY (OVER_CAPACITY_TOLERANCE). */
  constructor(private readonly limits: { overCapacityTolerance: number } = { overCapacityTolerance: 0 }) {}

  /**
   * The chains' enterprises, the coded batches, the chemicals' flags and the tonnes the warehouses goods came
   * into hold (ledger_warehouse_stock), in one select (for a group of calls too: the movements may be of several
   * chains); run after the write, it sees the tonnes and batches the movements left. Each warehouse and its
   * tonnes are looked up by key (`offset 0`), never hashed from a scan of the tables.
   */
  lookup(movements: readonly AppendedMovement[]): ObserverLookup {
    const inbound = movements.filter((m) => m.direction === 'IN');
    return {
      text: `select (select json_agg(json_build_object('chain', credit_code, 'id', id::text)) from enterprise
                where credit_code = any(array(select jsonb_array_elements_text($1::jsonb)))) as enterprises,
              (select json_agg(json_build_object('product', b.product_code, 'batch', b.batch_number, 'origin', b.origin_code,
                        'expiry', to_char(b.expiry_date, 'YYYY-MM-DD'), 'retest', to_char(b.retest_date, 'YYYY-MM-DD')))
                 from json_to_recordset($2::json) as k(p text, b text)
                cross join lateral (select * from batch x where x.product_code = k.p and x.batch_number = k.b offset 0) b) as batches,
              (select json_agg(json_build_object('serial', serial, 'controlled', highly_toxic or explosive_precursor))
                 from chemical where serial = any(array(select jsonb_array_elements_text($3::jsonb)::int))) as chemicals,
              (select json_agg(json_build_object('chain', k.c, 'code', w.code, 'capacity', w.capacity_tonnes::text, 'tonnes', w.tonnes::text))
                 from json_to_recordset($4::json) as k(c text, w text)
                 cross join lateral (select w.code, w.capacity_tonnes, s.tonnes from enterprise e join warehouse w on w.enterprise_id = e.id
                                       join ledger_warehouse_stock s on s.warehouse_id = w.id where e.credit_code = k.c and w.code = k.w offset 0) w
                where w.capacity_tonnes > 0 and w.tonnes > w.capacity_tonnes * (1 + $5::numeric)) as over_capacity`,
      values: [
        JSON.stringify([...new Set(movements.map((m) => m.chain))]),
        JSON.stringify(movements.map((m) => ({ p: m.productCode, b: m.batch }))),
        JSON.stringify([...new Set(movements.map((m) => m.chemicalSerial))]),
        JSON.stringify([...new Map(inbound.map((m) => [`${m.chain}\u0000${m.warehouseCode}`, { c: m.chain, w: m.warehouseCode }])).values()]),
        this.limits.overCapacityTolerance,
      ],
    };
  }

  /** The alerts the checks raise, as one insert (alert-insert.ts); null when none is. */
  writeFor(movements: readonly AppendedMovement[], lookedUp: unknown): PlainStatement | null {
    const inbound = movements.filter((m) => m.direction === 'IN');
    const found = lookedUp as FoundRows;
    const enterprises = new Map((found.enterprises ?? []).map((e) => [e.chain, e.id]));
    const batches = new Map((found.batches ?? []).map((b) => [`${b.product}\u0000${b.batch}`, b]));
    const controlled = new Set((found.chemicals ?? []).filter((c) => c.controlled).map((c) => c.serial));
    const alerts: RaisedAlert[] = [];
    const raise = (m: AppendedMovement, code: AlertCode, message: string) => {
      const enterprise = enterprises.get(m.chain);
      if (!enterprise) return;
      alerts.push({
        code,
        enterprise,
        chain: m.chain,
        entry: m.entryId,
        entryHash: m.hash,
        entrySeq: m.seq,
        chemical: m.chemicalSerial,
        counterparty: m.counterparty,
        message,
        occurredAt: m.occurredAt,
      });
    };
    for (const m of movements) {
      const batch = batches.get(`${m.productCode}\u0000${m.batch}`);
      const what = `batch ${m.batch} of ${m.productCode}`;
      const lastDay = [batch?.expiry, batch?.retest].filter((d): d is string => !!d).sort()[0];
      if (m.direction === 'OUT' && m.reason === 'SALE' && lastDay && shanghaiDate(m.occurredAt) > lastDay) {
        raise(m, AlertCode.BATCH_EXPIRED, `${what} sold on ${shanghaiDate(m.occurredAt)}, after its expiry or retest date ${lastDay}`);
      }
      if (batch && m.direction === 'IN' && m.reason !== 'CORRECTION' && !m.sourceHash && batch.origin !== m.chain) {
        raise(m, AlertCode.UNKNOWN_BATCH_SOURCE, `${what} taken in (${m.reason}) without a receipt of a shipment; it entered the ledger at ${batch.origin}, not here`);
      }
      if (m.direction === 'OUT' && m.counterparty && m.reason !== 'CORRECTION' && !m.transportDoc && controlled.has(m.chemicalSerial)) {
        raise(m, AlertCode.TRANSPORT_DOC_MISSING, `${what}, a highly toxic or explosive-precursor chemical, shipped to ${m.counterparty} without a transport document`);
      }
    }
    // The last IN of the chain's submission into a warehouse that is now over its capacity carries the alert.
    for (const w of found.over_capacity ?? []) {
      const last = inbound.filter((m) => m.chain === w.chain && m.warehouseCode === w.code).at(-1)!;
      const allowed = this.limits.overCapacityTolerance > 0 ? ` (${this.limits.overCapacityTolerance * 100} % over it allowed)` : '';
      raise(last, AlertCode.OVER_CAPACITY, `Warehouse ${w.code} holds ${Number(w.tonnes)} t of KG and T products, over its capacity of ${Number(w.capacity)} t${allowed}`);
    }
    return alertInsert(alerts);
  }

  /** Receipts by scan that found more missing than the tolerance: one alert on each party's chain. */
  writeForClosures(closures: readonly ShipmentClosure[]): PlainStatement | null {
    return alertInsert(
      closures
        .filter((c) => c.beyondTolerance)
        .flatMap(({ receipt, out, receiverId, shipped, received, shortfall }): RaisedAlert[] => {
          const message = `Shipment of ${shipped} of batch ${receipt.batch} of ${receipt.productCode} from ${out.chain} to ${receipt.chain}: ${received} received, ${shortfall} missing`;
          const common = { code: AlertCode.RECEIPT_SHORTFALL, chemical: receipt.chemicalSerial, message, occurredAt: receipt.occurredAt };
          return [
            { ...common, enterprise: receiverId, chain: receipt.chain, entry: receipt.entryId, entryHash: receipt.hash, entrySeq: receipt.seq, counterparty: out.chain },
            { ...common, enterprise: out.enterpriseId, chain: out.chain, entry: out.entryId, entryHash: out.hash, entrySeq: out.seq, counterparty: receipt.chain },
          ];
        }),
    );
  }
}

interface FoundRows {
  enterprises: { chain: string; id: string }[] | null;
  batches: { product: string; batch: string; origin: string; expiry: string | null; retest: string | null }[] | null;
  chemicals: { serial: number; controlled: boolean }[] | null;
  over_capacity: { chain: string; code: string; capacity: string; tonnes: string }[] | null;
}
