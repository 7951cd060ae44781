import { Migration } from '@mikro-orm/migrations';

export class Migration20261205105351_credit_repair extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "credit_repair_status" as enum ('APPLIED', 'APPROVED', 'REJECTED');`);
    this.addSql(`create table "credit_repair" ("id" bigserial primary key, "decision_id" bigint not null, "enterprise_id" bigint not null, "status" "credit_repair_status" not null default 'APPLIED', "statement" text not null, "applied_by" text not null, "applied_at" timestamptz not null, "reviewed_by" text null, "reviewed_at" timestamptz null, "review_reason" text null);`);
    this.addSql(`alter table "credit_repair" add constraint "credit_repair_decision_id_unique" unique ("decision_id");`);

    this.addSql(`alter table "credit_repair" add constraint "credit_repair_decision_id_foreign" foreign key ("decision_id") references "penalty_decision" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "credit_repair" add constraint "credit_repair_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);

    this.addSql(`alter table "penalty_decision" add column "public_until" date null, add column "credit_repair_notice" text null, add column "carried_out_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit_repair" cascade;`);

    this.addSql(`alter table "penalty_decision" drop column "public_until", drop column "credit_repair_notice", drop column "carried_out_on";`);

    this.addSql(`drop type "credit_repair_status";`);
  }

}
