import { Migration } from '@mikro-orm/migrations';

/**
 * Two histories nobody edits, the application included: a licence's lifecycle
 * events and the partner audit trail. Row triggers refuse UPDATE and DELETE,
 * statement triggers refuse TRUNCATE.
 */
export class Migration20261126113601_licensing_append_only extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function append_only_refusal() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;`);
    for (const table of ['licence_event', 'partner_audit_log']) {
      this.addSql(`create trigger ${table}_no_update_delete before update or delete on "${table}" for each row execute function append_only_refusal();`);
      this.addSql(`create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function append_only_refusal();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['licence_event', 'partner_audit_log']) {
      this.addSql(`drop trigger if exists ${table}_no_truncate on "${table}";`);
      this.addSql(`drop trigger if exists ${table}_no_update_delete on "${table}";`);
    }
    this.addSql(`drop function if exists append_only_refusal();`);
  }
}
