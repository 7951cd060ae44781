import { Migration } from '@mikro-orm/migrations';

/** A balance row's tonnes: KG and T products count, L and M3 do not (as OVER_CAPACITY has always counted). */
const TONNES = `case p.unit when 'KG' then d.quantity / 1000 when 'T' then d.quantity end`;

/**
 * Adds the tonnes of balance rows' changes (warehouse_id, product_id, quantity) to their warehouses' totals, in
 * warehouse order, as the balances are written, so that two transactions lock the totals in the same order.
 */
const addTonnes = (changes: string) => `insert into ledger_warehouse_stock as s (warehouse_id, tonnes)
    select d.warehouse_id, sum(${TONNES}) from (${changes}) d join product p on p.id = d.product_id and p.unit in ('KG', 'T')
     group by d.warehouse_id order by d.warehouse_id
    on conflict (warehouse_id) do update set tonnes = s.tonnes + excluded.tonnes;`;

/**
 * Each warehouse's tonnes kept beside its balances (ledger_warehouse_stock, src/ledger/warehouse-stock.entity.ts).
 * Statement triggers keep it, one upsert per statement that writes balances (an append's write is one), so
 * that any writer of ledger_balance keeps it, a server of an earlier version in a rolling upgrade included.
 * Creating the triggers locks ledger_balance against writers until this migration commits, so the totals
 * filled in from the balances miss no write.
 */
export class Migration20261207124658_warehouse_stock extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ledger_warehouse_stock" ("warehouse_id" bigint not null, "tonnes" numeric(30,6) not null, constraint "ledger_warehouse_stock_pkey" primary key ("warehouse_id"));`);

    this.addSql(`alter table "ledger_warehouse_stock" add constraint "ledger_warehouse_stock_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    // A trigger with transition tables has one event, and a statement may name only the tables its event
    // has: one function, a branch for each.
    this.addSql(`create or replace function ledger_warehouse_stock_kept() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    ${addTonnes('select warehouse_id, product_id, quantity from moved_in')}
  elsif tg_op = 'UPDATE' then
    ${addTonnes('select warehouse_id, product_id, quantity from moved_in union all select warehouse_id, product_id, -quantity from moved_out')}
  else
    ${addTonnes('select warehouse_id, product_id, -quantity from moved_out')}
  end if;
  return null;
end;
$$;`);
    this.addSql(`create trigger ledger_balance_stock_in after insert on "ledger_balance" referencing new table as moved_in for each statement execute function ledger_warehouse_stock_kept();`);
    this.addSql(`create trigger ledger_balance_stock_moved after update on "ledger_balance" referencing old table as moved_out new table as moved_in for each statement execute function ledger_warehouse_stock_kept();`);
    this.addSql(`create trigger ledger_balance_stock_out after delete on "ledger_balance" referencing old table as moved_out for each statement execute function ledger_warehouse_stock_kept();`);

    this.addSql(addTonnes('select warehouse_id, product_id, quantity from ledger_balance'));
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger ledger_balance_stock_in on "ledger_balance";`);
    this.addSql(`drop trigger ledger_balance_stock_moved on "ledger_balance";`);
    this.addSql(`drop trigger ledger_balance_stock_out on "ledger_balance";`);
    this.addSql(`drop function ledger_warehouse_stock_kept();`);
    this.addSql(`drop table if exists "ledger_warehouse_stock" cascade;`);
  }

}
