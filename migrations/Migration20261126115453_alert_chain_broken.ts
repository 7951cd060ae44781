import { Migration } from '@mikro-orm/migrations';

/**
 * Alerts beyond licence checks: a severity (NORMAL / CRITICAL), the chain
 * (backfilled from the entry for the licence-check alerts already raised),
 * CHAIN_BROKEN with the verification's reason, and the fields a broken chain
 * has no value for (entry, hash, activity, chemical, occurredAt) made nullable.
 * Generated; edited to backfill `chain` before it becomes NOT NULL and to drop
 * no-op column type changes.
 */
export class Migration20261126115453_alert_chain_broken extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "alert_severity" as enum ('NORMAL', 'CRITICAL');`);
    this.addSql(`alter type "alert_code" add value if not exists 'CHAIN_BROKEN' after 'COUNTERPARTY_UNLICENSED';`);

    this.addSql(`alter table "alert" add column "severity" "alert_severity" not null default 'NORMAL', add column "chain" varchar(18) null, add column "chain_failure" varchar(32) null;`);
    this.addSql(`update "alert" a set "chain" = e."chain" from "ledger_entry" e where e."id" = a."entry_id";`);
    this.addSql(`alter table "alert" alter column "chain" set not null;`);
    this.addSql(`alter table "alert" alter column "entry_id" drop not null;`);
    this.addSql(`alter table "alert" alter column "entry_hash" drop not null;`);
    this.addSql(`alter table "alert" alter column "activity" drop not null;`);
    this.addSql(`alter table "alert" alter column "chemical_serial" drop not null;`);
    this.addSql(`alter table "alert" alter column "occurred_at" drop not null;`);
    this.addSql(`create index "alert_severity_status_index" on "alert" ("severity", "status");`);
    this.addSql(`alter table "alert" add constraint "alert_chain_entry_seq_chain_failure_unique" unique ("chain", "entry_seq", "chain_failure");`);
  }

  override async down(): Promise<void> {
    // Broken-chain alerts have no entry, activity or chemical to keep; the enum value stays (PostgreSQL cannot drop one).
    this.addSql(`delete from "alert" where "code" = 'CHAIN_BROKEN';`);
    this.addSql(`drop index "alert_severity_status_index";`);
    this.addSql(`alter table "alert" drop constraint "alert_chain_entry_seq_chain_failure_unique";`);
    this.addSql(`alter table "alert" drop column "severity", drop column "chain", drop column "chain_failure";`);

    this.addSql(`alter table "alert" alter column "entry_id" set not null;`);
    this.addSql(`alter table "alert" alter column "entry_hash" set not null;`);
    this.addSql(`alter table "alert" alter column "activity" set not null;`);
    this.addSql(`alter table "alert" alter column "chemical_serial" set not null;`);
    this.addSql(`alter table "alert" alter column "occurred_at" set not null;`);

    this.addSql(`drop type "alert_severity";`);
  }

}
