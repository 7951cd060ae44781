import { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery } from '../db/raw-query';

/**
 * What a chain alone cannot prove (issue #11): an attacker who rewrites
 * entries consistently, triggers disabled, leaves the rest of the database
 * contradicting him. Each kind names where the evidence lies.
 */
export enum DisagreementKind {
  /** A stock balance is not the sum of the entries for its (warehouse, product, batch). */
  BALANCE_MISMATCH = 'BALANCE_MISMATCH',
  /** A receipt's sourceHash names no OUT of the sender's chain with the same product, batch, receiver and at least its quantity. */
  RECEIPT_SOURCE_MISSING = 'RECEIPT_SOURCE_MISSING',
  /** A shipment no longer agrees with the OUT entry it was made from (hash, product, batch, quantity). */
  SHIPMENT_MISMATCH = 'SHIPMENT_MISMATCH',
  /** An `*_id` column names another row than the code canonical holds (enterprise, warehouse, product, counterparty, source, corrected entry). */
  LINK_MISMATCH = 'LINK_MISMATCH',
  /** A submission's request row does not span exactly the entries carrying its requestId. */
  REQUEST_MISMATCH = 'REQUEST_MISMATCH',
  /** The log's leaf for an entry is not SHA-256(0x00 || its hash), or the logged entry is gone. */
  LOG_MISMATCH = 'LOG_MISMATCH',
  /** A warehouse's running tonnes (what OVER_CAPACITY compares with its capacity) are not the sum of its KG and T balances. */
  WAREHOUSE_TONNAGE_MISMATCH = 'WAREHOUSE_TONNAGE_MISMATCH',
}

export interface Disagreement {
  kind: DisagreementKind;
  /** The entry it concerns (for a balance, the last entry of its key); null when none is. */
  seq: number | null;
  message: string;
}

/** At most this many of each kind are named: enough to act on, bounded however broken. */
const EACH = 20;

/** Each check a named prepared statement: each pooled connection plans it once. */
const CHECKS: Array<{ kind: DisagreementKind; sql: string; params: number }> = [
  {
    kind: DisagreementKind.BALANCE_MISMATCH,
    params: 2,
    sql: `with sums as (
            select warehouse_code, product_code, batch, sum(case when direction = 'IN' then quantity else -quantity end) as q, max(seq) as seq
              from ledger_entry where chain = ? group by warehouse_code, product_code, batch),
          balances as (
            select w.code as warehouse_code, p.trace_code as product_code, b.batch, b.quantity as q
              from ledger_balance b join enterprise en on en.id = b.enterprise_id
              join warehouse w on w.id = b.warehouse_id join product p on p.id = b.product_id
             where en.credit_code = ?)
          select s.seq, 'balance of ' || coalesce(s.warehouse_code, b.warehouse_code) || '/' || coalesce(s.product_code, b.product_code) || '/' || coalesce(s.batch, b.batch)
                 || ' is ' || coalesce(b.q::text, 'absent') || ', the entries sum to ' || coalesce(s.q::text, 'nothing') as message
            from sums s full join balances b on b.warehouse_code = s.warehouse_code and b.product_code = s.product_code and b.batch = s.batch
           where coalesce(s.q, 0) <> coalesce(b.q, 0)
           order by s.seq nulls last limit ${EACH}`,
  },
  {
    kind: DisagreementKind.RECEIPT_SOURCE_MISSING,
    params: 1,
    sql: `select e.seq, 'sourceHash ' || e.source_hash || ' names no OUT of ' || coalesce(e.counterparty_code, 'no chain') || ' shipping ' || e.quantity || ' of ' || e.product_code || '/' || e.batch || ' to this chain' as message
            from ledger_entry e
           where e.chain = ? and e.source_hash is not null
             and not exists (select 1 from ledger_entry x where x.hash = e.source_hash and x.chain = e.counterparty_code and x.direction = 'OUT'
                                and x.product_code = e.product_code and x.batch = e.batch and x.counterparty_code = e.chain and x.quantity >= e.quantity)
           order by e.seq limit ${EACH}`,
  },
  {
    kind: DisagreementKind.SHIPMENT_MISMATCH,
    params: 1,
    sql: `select e.seq, 'shipment ' || s.id || ' of ' || s.out_hash || ' (' || s.shipped || ' of ' || s.product_code || '/' || s.batch || ') '
                 || coalesce('disagrees with entry ' || e.seq || ' (' || e.hash || ', ' || e.quantity || ' of ' || e.product_code || '/' || e.batch || ')', 'has lost its entry') as message
            from ledger_shipment s left join ledger_entry e on e.id = s.out_entry_id
           where s.sender_code = ?
             and (e.id is null or e.hash <> s.out_hash or e.quantity <> s.shipped or e.product_code <> s.product_code or e.batch <> s.batch or e.chain <> s.sender_code)
           order by e.seq nulls first limit ${EACH}`,
  },
  {
    kind: DisagreementKind.LINK_MISMATCH,
    params: 1,
    sql: `select e.seq, case
              when en.credit_code is distinct from e.chain then 'enterprise_id ' || e.enterprise_id || ' is ' || coalesce(en.credit_code, 'no enterprise') || ', canonical names ' || e.chain
              when w.code is distinct from e.warehouse_code or w.enterprise_id is distinct from e.enterprise_id then 'warehouse_id ' || e.warehouse_id || ' is not warehouse ' || e.warehouse_code || ' of this enterprise'
              when p.trace_code is distinct from e.product_code then 'product_id ' || e.product_id || ' is ' || coalesce(p.trace_code, 'no product') || ', canonical names ' || e.product_code
              when e.counterparty_id is not null and cp.credit_code is distinct from e.counterparty_code then 'counterparty_id ' || e.counterparty_id || ' is not ' || coalesce(e.counterparty_code, 'null')
              when e.source_entry_id is not null and se.hash is distinct from e.source_hash then 'source_entry_id ' || e.source_entry_id || ' is not the entry ' || coalesce(e.source_hash, 'null')
              else 'corrects_entry_id ' || e.corrects_entry_id || ' is not the entry ' || coalesce(e.corrects, 'null') end as message
            from ledger_entry e
            left join enterprise en on en.id = e.enterprise_id
            left join warehouse w on w.id = e.warehouse_id
            left join product p on p.id = e.product_id
            left join enterprise cp on cp.id = e.counterparty_id
            left join ledger_entry se on se.id = e.source_entry_id
            left join ledger_entry ce on ce.id = e.corrects_entry_id
           where e.chain = ? and (en.credit_code is distinct from e.chain
              or w.code is distinct from e.warehouse_code or w.enterprise_id is distinct from e.enterprise_id
              or p.trace_code is distinct from e.product_code
              or (e.counterparty_id is not null and cp.credit_code is distinct from e.counterparty_code)
              or (e.source_entry_id is not null and se.hash is distinct from e.source_hash)
              or (e.corrects_entry_id is not null and ce.hash is distinct from e.corrects))
           order by e.seq limit ${EACH}`,
  },
  {
    kind: DisagreementKind.REQUEST_MISMATCH,
    params: 2,
    sql: `with carried as (select request_id, min(seq) as first_seq, max(seq) as last_seq, count(*) as n from ledger_entry where chain = ? group by request_id),
               requests as (select request_id, first_seq, entry_count from ledger_request where chain = ?)
          select coalesce(r.first_seq, c.first_seq) as seq, 'request ' || coalesce(r.request_id, c.request_id) || ': '
                 || coalesce('its row says seq ' || r.first_seq || ' and ' || r.entry_count || ' entries', 'no row') || ', '
                 || coalesce('entries carry it at seq ' || c.first_seq || '..' || c.last_seq || ' (' || c.n || ')', 'no entry carries it') as message
            from requests r full join carried c on c.request_id = r.request_id
           where r.request_id is null or c.request_id is null or r.first_seq <> c.first_seq or r.entry_count <> c.n or c.last_seq - c.first_seq + 1 <> c.n
           order by 1 limit ${EACH}`,
  },
  {
    kind: DisagreementKind.LOG_MISMATCH,
    params: 1,
    sql: `select l.seq, case when e.id is null or e.chain <> l.chain or e.seq <> l.seq then 'log index ' || l.log_index || ' holds an entry that is no longer there'
                 else 'log index ' || l.log_index || ' holds another hash than the entry''s ' || e.hash end as message
            from log_leaf l
            left join ledger_entry e on e.id = l.entry_id
            left join log_tile t on t.level = 0 and t.idx = l.log_index / 256
           where l.chain = ? and (e.id is null or e.chain <> l.chain or e.seq <> l.seq or t.hashes is null
              or substring(t.hashes from (l.log_index % 256)::int * 32 + 1 for 32) is distinct from sha256('\\x00'::bytea || decode(e.hash::text, 'hex')))
           order by l.seq limit ${EACH}`,
  },
  {
    kind: DisagreementKind.WAREHOUSE_TONNAGE_MISMATCH,
    params: 2,
    sql: `with summed as (
            select b.warehouse_id, sum(case p.unit when 'KG' then b.quantity / 1000 else b.quantity end) as t
              from ledger_balance b join product p on p.id = b.product_id and p.unit in ('KG', 'T')
              join warehouse w on w.id = b.warehouse_id join enterprise en on en.id = w.enterprise_id
             where en.credit_code = ? group by b.warehouse_id),
          kept as (
            select s.warehouse_id, s.tonnes as t
              from ledger_warehouse_stock s join warehouse w on w.id = s.warehouse_id join enterprise en on en.id = w.enterprise_id
             where en.credit_code = ?)
          select null::int as seq, 'warehouse ' || w.code || ' holds ' || coalesce(trim_scale(k.t)::text, 'no') || ' t by its running total, its KG and T balances sum to '
                 || coalesce(trim_scale(s.t)::text, '0') || ' t' as message
            from summed s full join kept k on k.warehouse_id = s.warehouse_id
            join warehouse w on w.id = coalesce(s.warehouse_id, k.warehouse_id)
           where coalesce(s.t, 0) <> coalesce(k.t, 0)
           order by w.code limit ${EACH}`,
  },
];

/** Every disagreement of the chain with the rest of the database, by kind then seq. */
export async function crossCheckChain(em: EntityManager, chain: string): Promise<Disagreement[]> {
  const found: Disagreement[] = [];
  for (const check of CHECKS) {
    const rows = await preparedQuery<{ seq: number | null; message: string }>(em, `hz_cross_${check.kind.toLowerCase()}`, check.sql, Array(check.params).fill(chain));
    found.push(...rows.map((r) => ({ kind: check.kind, seq: r.seq === null ? null : Number(r.seq), message: r.message })));
  }
  return found;
}
