import { Migration } from '@mikro-orm/migrations';

/**
 * ledger_trace(): the level-by-level walk of traceBatch (src/ledger/batch-trace.service.ts) in one
 * call. Per level, one statement reads the frontier's holdings and shipments and one its PRODUCTION
 * entries (inputs upstream, products downstream) and the next frontier: a fixed number of statements
 * whatever the number of nodes, with plans PL/pgSQL prepares once per connection.
 *
 * Every lookup by the frontier's keys is a LATERAL subquery (OFFSET 0 keeps the planner from
 * flattening it): one index probe per key. The generic plan is forced because a custom plan per call
 * would be planned again every time, which is what this function saves; the LATERAL shape makes the
 * generic plan the right one whatever the frontier's size.
 *
 * Returns {rows, statements, truncated}: rows tagged kind 'holding' | 'shipment' (with their depth) |
 * 'production', ids and quantities as text, in one array per statement (json, and arrays of it, are
 * built as text: a jsonb document grown level by level cost more than the walk itself). The walk stops
 * after the level where the nodes (holdings, plus transit nodes per receiver, product and batch)
 * pass max_nodes.
 */
export class Migration20261126141059_trace_function extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function ledger_trace(trace_product bigint, trace_batch text, upstream boolean, downstream boolean, max_depth int, max_nodes int)
returns json language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
declare
  frontier_product bigint[] := array[trace_product];
  frontier_batch text[] := array[trace_batch];
  frontier_up boolean[] := array[upstream];
  frontier_down boolean[] := array[downstream];
  visited_product bigint[] := frontier_product;
  visited_batch text[] := frontier_batch;
  depth int := 0;
  nodes int := 0;
  statements int := 0;
  found_rows json[] := '{}';
  level_rows json;
  level_shipments json;
  level_nodes int;
begin
  loop
    -- The frontier's holdings and shipments, and how many nodes they make (as the service counts them).
    with holding as (
      select 'holding' as kind, depth as depth, b.enterprise_id::text, e.credit_code, b.warehouse_id::text, w.code as warehouse_code,
             b.product_id::text, p.trace_code, b.batch, b.quantity::text
        from unnest(frontier_product, frontier_batch) k(p, b)
       cross join lateral (select x.* from ledger_balance x where x.product_id = k.p and x.batch = k.b offset 0) b
        join enterprise e on e.id = b.enterprise_id
        join warehouse w on w.id = b.warehouse_id
        join product p on p.id = b.product_id
    ), shipment as (
      select 'shipment' as kind, depth as depth, s.id::text, s.sender_id::text, s.receiver_id::text, s.receiver_code, s.product_id::text,
             s.product_code, s.batch, s.in_transit::text, s.in_transit > 0 as open, s.out_hash, o.warehouse_id::text as out_warehouse_id,
             i.hash as in_hash, i.warehouse_id::text as in_warehouse_id, i.quantity::text as in_quantity
        from unnest(frontier_product, frontier_batch) k(p, b)
       cross join lateral (select x.* from ledger_shipment x where x.product_id = k.p and x.batch = k.b offset 0) s
        join ledger_entry o on o.id = s.out_entry_id
        left join ledger_entry i on i.source_entry_id = s.out_entry_id and i.direction = 'IN'
    )
    select coalesce((select json_agg(h) from holding h), '[]'),
           coalesce((select json_agg(s order by s.id::bigint) from shipment s), '[]'),
           (select count(*) from holding)
           + (select count(distinct (coalesce(receiver_id, receiver_code), product_id, batch)) from shipment where open)
      into level_rows, level_shipments, level_nodes;
    statements := statements + 1;
    found_rows := found_rows || level_rows || level_shipments;
    nodes := nodes + level_nodes;
    exit when nodes > max_nodes or depth = max_depth;

    -- PRODUCTION entries crossed from the frontier, and the next frontier: the batches reached that
    -- were never visited, each walked one way (upstream when reached both ways).
    with made_up as (
      select 'production' as kind, p.hash, p.enterprise_id::text, p.warehouse_id::text, p.product_id::text, p.batch, p.quantity::text,
             i.product_id::text as input_product_id, i.batch as input_batch
        from unnest(frontier_product, frontier_batch, frontier_up) k(p, b, up)
       cross join lateral (select x.* from ledger_entry x where x.product_id = k.p and x.batch = k.b and x.reason = 'PRODUCTION' offset 0) p
        join ledger_production_input i on i.entry_id = p.id
       where k.up
    ), made_down as (
      select 'production' as kind, p.hash, p.enterprise_id::text, p.warehouse_id::text, p.product_id::text, p.batch, p.quantity::text,
             i.product_id::text as input_product_id, i.batch as input_batch
        from unnest(frontier_product, frontier_batch, frontier_down) k(p, b, down)
       cross join lateral (select x.* from ledger_production_input x where x.product_id = k.p and x.batch = k.b offset 0) i
        join ledger_entry p on p.id = i.entry_id
       where k.down
    ), reached as (
      select distinct on (product_id, batch) product_id, batch, up
        from (select input_product_id::bigint as product_id, input_batch as batch, true as up from made_up
              union all
              select product_id::bigint, batch, false from made_down) r
       where not exists (select from unnest(visited_product, visited_batch) v(p, b) where v.p = r.product_id and v.b = r.batch)
       order by product_id, batch, up desc
    )
    select coalesce((select json_agg(m) from (select * from made_up union all select * from made_down) m), '[]'), n.*
      into level_rows, frontier_product, frontier_batch, frontier_up, frontier_down
      from (select array_agg(product_id) as product_ids, array_agg(batch) as batches, array_agg(up) as ups, array_agg(not up) as downs from reached) n;
    statements := statements + 1;
    found_rows := found_rows || level_rows;
    exit when frontier_product is null;
    visited_product := visited_product || frontier_product;
    visited_batch := visited_batch || frontier_batch;
    depth := depth + 1;
  end loop;
  return json_build_object('rows', found_rows, 'statements', statements, 'truncated', nodes > max_nodes);
end;
$$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists ledger_trace(bigint, text, boolean, boolean, int, int);`);
  }
}
