import { Migration } from '@mikro-orm/migrations';

const REGISTRY = ['enterprise', 'warehouse', 'product'];

/**
 * Ledger entries name registry rows by id without foreign-key constraints
 * (each checked row cost a query and a row lock: docs/performance.md). What
 * the constraints guaranteed is kept another way: registry rows are never
 * deleted (a closed enterprise or warehouse keeps its row), and the database
 * refuses DELETE and TRUNCATE on them, as it does on the entries.
 */
export class Migration20261126141137_registry_kept extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create or replace function registry_row_kept() returns trigger language plpgsql as $$
begin
  raise exception '% rows are kept, the ledger refers to them: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;`);
    for (const table of REGISTRY) {
      this.addSql(`create trigger ${table}_no_delete before delete on "${table}" for each row execute function registry_row_kept();`);
      this.addSql(`create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function registry_row_kept();`);
    }
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_corrects_entry_id_foreign";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_counterparty_id_foreign";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_enterprise_id_foreign";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_product_id_foreign";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_source_entry_id_foreign";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_warehouse_id_foreign";`);
  }

  override async down(): Promise<void> {
    for (const table of REGISTRY) {
      this.addSql(`drop trigger ${table}_no_delete on "${table}";`);
      this.addSql(`drop trigger ${table}_no_truncate on "${table}";`);
    }
    this.addSql(`drop function registry_row_kept();`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_corrects_entry_id_foreign" foreign key ("corrects_entry_id") references "ledger_entry" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_counterparty_id_foreign" foreign key ("counterparty_id") references "enterprise" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_product_id_foreign" foreign key ("product_id") references "product" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_source_entry_id_foreign" foreign key ("source_entry_id") references "ledger_entry" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update no action on delete restrict;`);
  }

}
