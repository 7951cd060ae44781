import { Migration } from '@mikro-orm/migrations';

/**
 * The ledger's entries are never updated or deleted, by the API or by anyone
 * holding a database connection (the application's own included): row
 * triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE.
 * A mistake is fixed by a CORRECTION entry (docs/ledger.md).
 */
export class Migration20261126113454_ledger_immutable extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function ledger_entry_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'ledger_entry is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege', hint = 'Fix a mistake with a CORRECTION entry';
end;
$$;`);
    this.addSql(`create trigger ledger_entry_no_update_delete before update or delete on "ledger_entry" for each row execute function ledger_entry_immutable();`);
    this.addSql(`create trigger ledger_entry_no_truncate before truncate on "ledger_entry" for each statement execute function ledger_entry_immutable();`);
    // Open shipments are looked up by sender and by receiver; closed ones are the long tail.
    this.addSql(`create index "ledger_shipment_open_index" on "ledger_shipment" ("receiver_code", "id") where received + cancelled < shipped;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "ledger_shipment_open_index";`);
    this.addSql(`drop trigger if exists ledger_entry_no_truncate on "ledger_entry";`);
    this.addSql(`drop trigger if exists ledger_entry_no_update_delete on "ledger_entry";`);
    this.addSql(`drop function if exists ledger_entry_immutable();`);
  }
}
