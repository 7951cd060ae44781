import { Migration } from '@mikro-orm/migrations';

export class Migration20261205105029_penalty_procedure extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "discretion_band" as enum ('MINOR', 'GENERAL', 'SERIOUS');`);
    this.addSql(`create table "discretion_benchmark" ("id" bigserial primary key, "violation" text not null, "title" text not null, "legal_basis" text not null, "band" "discretion_band" not null, "factors" text[] not null, "min_yuan" numeric(14,2) not null, "max_yuan" numeric(14,2) not null);`);
    this.addSql(`alter table "discretion_benchmark" add constraint "discretion_benchmark_violation_band_unique" unique ("violation", "band");`);

    this.addSql(`create table "penalty_notice" ("id" bigserial primary key, "inspection_id" bigint not null, "benchmark_id" bigint not null, "factors" text[] not null, "measures" text[] not null, "amount_yuan" numeric(14,2) null, "facts" text not null, "hearing_right" boolean not null, "statement_deadline" date not null, "hearing_request_deadline" date null, "notified_by" text not null, "notified_at" timestamptz not null, "statement" text null, "statement_at" timestamptz null, "statement_adopted" boolean null, "statement_reason" text null, "hearing_requested_at" timestamptz null, "hearing_held_on" date null, "hearing_record" text null, "hearing_adopted" boolean null, "hearing_reason" text null);`);
    this.addSql(`alter table "penalty_notice" add constraint "penalty_notice_inspection_id_unique" unique ("inspection_id");`);

    this.addSql(`alter table "penalty_notice" add constraint "penalty_notice_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "penalty_notice" add constraint "penalty_notice_benchmark_id_foreign" foreign key ("benchmark_id") references "discretion_benchmark" ("id") on update cascade;`);

    this.addSql(`alter table "penalty_decision" add column "notice_id" bigint null, add column "fact_reasons" text null, add column "legal_reasons" text null, add column "discretion_reasons" text null;`);
    this.addSql(`alter table "penalty_decision" add constraint "penalty_decision_notice_id_foreign" foreign key ("notice_id") references "penalty_notice" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "penalty_decision" add constraint "penalty_decision_notice_id_unique" unique ("notice_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "penalty_notice" drop constraint "penalty_notice_benchmark_id_foreign";`);

    this.addSql(`alter table "penalty_decision" drop constraint "penalty_decision_notice_id_foreign";`);

    this.addSql(`drop table if exists "discretion_benchmark" cascade;`);

    this.addSql(`drop table if exists "penalty_notice" cascade;`);

    this.addSql(`alter table "penalty_decision" drop constraint "penalty_decision_notice_id_unique";`);
    this.addSql(`alter table "penalty_decision" drop column "notice_id", drop column "fact_reasons", drop column "legal_reasons", drop column "discretion_reasons";`);

    this.addSql(`drop type "discretion_band";`);
  }

}
