import { Migration } from '@mikro-orm/migrations';

/**
 * The database holds every entry's columns to its canonical text: a CHECK
 * constraint (LedgerEntry's CANONICAL_AGREES) rebuilds the RFC 8785 text from
 * the columns and refuses a row whose canonical differs. Unlike the
 * append-only triggers, a CHECK constraint stays in force with triggers
 * disabled or session_replication_role = replica: to change a column against
 * its canonical, it must be dropped. verifyChain relies on it only while it is
 * validated and exactly as made here (src/ledger/canonical-agreement.ts).
 *
 * Existing rows are validated in a second step, reading every entry (about
 * 5 µs each on the benchmark machine) with the table locked, before the server
 * serves. A database holding a row that disagrees keeps the constraint NOT
 * VALID (new rows are still checked), and verifyChain, which then goes page by
 * page, names that row.
 */
export class Migration20261126153747_canonical_agrees extends Migration {

  override async up(): Promise<void> {
    // A CHECK constraint cannot hold a subquery: this function writes the inputs array's text.
    this.addSql(`create function ledger_inputs_canonical(inputs jsonb) returns text language sql stable strict parallel safe as $$
  select case jsonb_typeof(inputs)
    when 'null' then 'null'
    when 'array' then (
      select '[' || coalesce(string_agg('{"batch":' || to_json(i.r ->> 'batch')::text || ',"product":' || to_json(i.r ->> 'product')::text || '}', ',' order by i.n), '') || ']'
        from jsonb_array_elements(inputs) with ordinality as i(r, n)
      having bool_and(jsonb_typeof(i.r) = 'object' and jsonb_typeof(i.r -> 'batch') = 'string' and jsonb_typeof(i.r -> 'product') = 'string'
                      and i.r - 'batch' - 'product' = '{}'::jsonb) is not false)
  end
$$;`);
    this.addSql(`alter table "ledger_entry" add constraint ledger_entry_canonical_agrees check((
  quantity >= 0 and quantity < 'NaN'::numeric and scale(quantity) = 3
  and case direction
        when 'IN' then reason = any (array['PRODUCTION', 'PURCHASE', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'CORRECTION']::ledger_reason[])
        when 'OUT' then reason = any (array['SALE', 'TRANSFER_OUT', 'CONSUMPTION', 'DISPOSAL', 'RETURN_OUT', 'EXPORT', 'CORRECTION']::ledger_reason[])
        else false end
  and length(prev_hash::text) = 64 and prev_hash::text !~ '[^0-9a-f]'
  and (source_hash is null or (length(source_hash::text) = 64 and source_hash::text !~ '[^0-9a-f]'))
  and (corrects is null or (length(corrects::text) = 64 and corrects::text !~ '[^0-9a-f]'))
  and occurred_at >= '1970-01-01 00:00:00+00'::timestamp with time zone and occurred_at < '10000-01-01 00:00:00+00'::timestamp with time zone
  and recorded_at >= '1970-01-01 00:00:00+00'::timestamp with time zone and recorded_at < '10000-01-01 00:00:00+00'::timestamp with time zone
  and canonical = '{"batch":' || to_json(batch)::text || ',"chain":' || to_json(chain)::text
    || ',"corrects":' || coalesce(to_json(corrects::text)::text, 'null') || ',"counterparty":' || coalesce(to_json(counterparty_code)::text, 'null')
    || ',"direction":' || to_json(direction::text)::text
    || ',"inputs":' || case when inputs is null then 'null' else ledger_inputs_canonical(inputs) end
    || ',"occurredAt":"' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","prevHash":' || to_json(prev_hash::text)::text
    || ',"product":' || to_json(product_code)::text || ',"quantity":"' || quantity::text || '","reason":' || to_json(reason::text)::text
    || ',"recordedAt":"' || to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","requestId":' || to_json(request_id)::text
    || ',"seq":' || seq::text || ',"sourceHash":' || coalesce(to_json(source_hash::text)::text, 'null')
    || ',"transportDoc":' || coalesce(to_json(transport_doc)::text, 'null') || ',"unit":' || to_json(unit::text)::text
    || ',"v":1,"warehouse":' || to_json(warehouse_code)::text || '}'
) is true) not valid;`);
    this.addSql(`do $$
begin
  alter table "ledger_entry" validate constraint ledger_entry_canonical_agrees;
exception when check_violation then
  raise warning 'ledger_entry holds rows whose columns disagree with their canonical text: ledger_entry_canonical_agrees stays NOT VALID, and verifyChain checks row by row';
end;
$$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ledger_entry" drop constraint ledger_entry_canonical_agrees;`);
    this.addSql(`drop function ledger_inputs_canonical(jsonb);`);
  }

}
