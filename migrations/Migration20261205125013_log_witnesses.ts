import { Migration } from '@mikro-orm/migrations';

export class Migration20261205125013_log_witnesses extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "log_cosignature" ("witness_id" bigint not null, "size" bigint not null, "line" text not null, "cosigned_at" timestamptz not null, "received_at" timestamptz not null, constraint "log_cosignature_pkey" primary key ("witness_id", "size"));`);

    this.addSql(`create table "log_witness" ("id" bigserial primary key, "name" varchar(200) not null, "key" varchar(300) not null, "holder" varchar(200) not null, "registered_by" varchar(200) not null, "registered_at" timestamptz not null);`);
    this.addSql(`alter table "log_witness" add constraint "log_witness_name_unique" unique ("name");`);

    this.addSql(`alter type "notification_kind" add value if not exists 'LOG_INCONSISTENT' after 'ASSISTANCE_OVERDUE';`);

    this.addSql(`alter type "notification_kind" add value if not exists 'LOG_WITNESS_STALE' after 'LOG_INCONSISTENT';`);

    // Cosignatures are evidence, kept as given (append_only_refusal, migration append_only).
    this.addSql(`create trigger log_cosignature_no_update_delete before update or delete on "log_cosignature" for each row execute function append_only_refusal();`);
    this.addSql(`create trigger log_cosignature_no_truncate before truncate on "log_cosignature" for each statement execute function append_only_refusal();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "log_cosignature" cascade;`);

    this.addSql(`drop table if exists "log_witness" cascade;`);
  }

}
