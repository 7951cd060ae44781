import { Migration } from '@mikro-orm/migrations';

/** Regulators' reads of enterprise data, audited like partners' requests and, like them, append-only. */
export class Migration20261205164512_regulator_reads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "regulator_read_log" ("id" bigserial primary key, "at" timestamptz not null, "subject" text not null, "user_id" text null, "level" "enforcement_level" null, "town" text null, "operation_name" text null, "query" text not null, "variables" jsonb not null, "enterprises" text[] not null, "rows_returned" int not null, "outcome" "audit_outcome" not null, "error_codes" text[] not null, "request_id" text not null);`);
    this.addSql(`create index "regulator_read_log_at_index" on "regulator_read_log" ("at");`);
    this.addSql(`create index "regulator_read_log_subject_at_index" on "regulator_read_log" ("subject", "at");`);
    this.addSql(`create trigger regulator_read_log_no_update_delete before update or delete on "regulator_read_log" for each row execute function append_only_refusal();`);
    this.addSql(`create trigger regulator_read_log_no_truncate before truncate on "regulator_read_log" for each statement execute function append_only_refusal();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "regulator_read_log" cascade;`);
  }
}
