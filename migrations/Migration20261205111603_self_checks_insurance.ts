import { Migration } from '@mikro-orm/migrations';

export class Migration20261205111603_self_checks_insurance extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "check_source" as enum ('SELF_CHECK', 'INSURER_CHECK');`);
    this.addSql(`create table "insurance_policy" ("id" bigserial primary key, "enterprise_id" bigint not null, "insurer" text not null, "policy_number" text not null, "valid_from" date not null, "valid_until" date not null, "cover_yuan" numeric(14,2) not null, "recorded_by" text not null);`);

    this.addSql(`create table "item_check" ("id" bigserial primary key, "enterprise_id" bigint not null, "template_id" bigint not null, "source" "check_source" not null, "policy_id" bigint null, "result" "checklist_result" not null, "checked_on" date not null, "note" text null, "recorded_by" text not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "item_check_enterprise_id_template_id_checked_on_index" on "item_check" ("enterprise_id", "template_id", "checked_on");`);

    this.addSql(`alter table "insurance_policy" add constraint "insurance_policy_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);

    this.addSql(`alter table "item_check" add constraint "item_check_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "item_check" add constraint "item_check_template_id_foreign" foreign key ("template_id") references "checklist_template" ("id") on update cascade;`);
    this.addSql(`alter table "item_check" add constraint "item_check_policy_id_foreign" foreign key ("policy_id") references "insurance_policy" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item_check" drop constraint "item_check_policy_id_foreign";`);

    this.addSql(`drop table if exists "insurance_policy" cascade;`);

    this.addSql(`drop table if exists "item_check" cascade;`);

    this.addSql(`drop type "check_source";`);
  }

}
