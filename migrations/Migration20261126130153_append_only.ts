import { Migration } from '@mikro-orm/migrations';

const HISTORIES = ['licence_event', 'partner_audit_log'];

/**
 * What nobody edits, the application's own connection included: the ledger's
 * entries (a mistake is fixed by a CORRECTION entry, docs/ledger.md), a
 * licence's lifecycle events and the partner audit trail. Row triggers refuse
 * UPDATE and DELETE, statement triggers refuse TRUNCATE.
 */
export class Migration20261126130153_append_only extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function ledger_entry_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'ledger_entry is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege', hint = 'Fix a mistake with a CORRECTION entry';
end;
$$;`);
    this.addSql(`create trigger ledger_entry_no_update_delete before update or delete on "ledger_entry" for each row execute function ledger_entry_immutable();`);
    this.addSql(`create trigger ledger_entry_no_truncate before truncate on "ledger_entry" for each statement execute function ledger_entry_immutable();`);

    this.addSql(`create or replace function append_only_refusal() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;`);
    for (const table of HISTORIES) {
      this.addSql(`create trigger ${table}_no_update_delete before update or delete on "${table}" for each row execute function append_only_refusal();`);
      this.addSql(`create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function append_only_refusal();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of HISTORIES) {
      this.addSql(`drop trigger if exists ${table}_no_truncate on "${table}";`);
      this.addSql(`drop trigger if exists ${table}_no_update_delete on "${table}";`);
    }
    this.addSql(`drop function if exists append_only_refusal();`);
    this.addSql(`drop trigger if exists ledger_entry_no_truncate on "ledger_entry";`);
    this.addSql(`drop trigger if exists ledger_entry_no_update_delete on "ledger_entry";`);
    this.addSql(`drop function if exists ledger_entry_immutable();`);
  }
}
