import { Migration } from '@mikro-orm/migrations';

export class Migration20261205220349_departments extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "department_action" as enum ('CREATED', 'MANDATE_CHANGED', 'DEACTIVATED');`);
    this.addSql(`create table "department_event" ("id" bigserial primary key, "at" timestamptz not null, "actor" text not null, "department" text not null, "action" "department_action" not null, "details" jsonb not null);`);
    this.addSql(`create index "department_event_department_at_index" on "department_event" ("department", "at");`);

    // The enum's columns become text first: the table below takes the name "department", which its row type shares with the enum.
    this.addSql(`alter table "department_task" alter column "department" type text using ("department"::text);`);
    this.addSql(`alter table "inspection_checklist_item" alter column "department" type text using ("department"::text);`);
    this.addSql(`alter table "inspection_finding" alter column "department" type text using ("department"::text);`);
    this.addSql(`alter table "partner_audit_log" alter column "department" type text using ("department"::text);`);
    this.addSql(`alter table "api_key" alter column "department" type text using ("department"::text);`);
    this.addSql(`alter table "users" alter column "department" type text using ("department"::text);`);
    this.addSql(`alter table "webhook_subscription" alter column "owner_department" type text using ("owner_department"::text);`);
    this.addSql(`drop type "department";`);

    this.addSql(`create table "department" ("code" text not null, "name" text not null, "mandates" text[] not null, "active" boolean not null default true, constraint "department_pkey" primary key ("code"));`);
    this.addSql(`alter table "department" add constraint "department_name_unique" unique ("name");`);
    // The five departments the schema named as an enum until now, with exactly the mandates the code gave them.
    this.addSql(`insert into "department" ("code", "name", "mandates") values
      ('FIRE_RESCUE', '消防救援', '{ENTERPRISES,WAREHOUSES,STOCK,MAJOR_HAZARD}'),
      ('MARKET_SUPERVISION', '市场监管', '{ENTERPRISES,PRODUCTS,LICENCES}'),
      ('ECOLOGY_ENVIRONMENT', '生态环境', '{ENTERPRISES,DISPOSAL_MOVEMENTS}'),
      ('PUBLIC_SECURITY', '公安', '{ENTERPRISES,CONTROLLED_MOVEMENTS,COUNTERPARTIES}'),
      ('TRANSPORT', '交通运输', '{ENTERPRISES,SHIPMENTS,WAYBILLS,COUNTERPARTIES}');`);

    this.addSql(`alter table "department_task" add constraint "department_task_department_foreign" foreign key ("department") references "department" ("code") on update cascade;`);
    this.addSql(`alter table "inspection_checklist_item" add constraint "inspection_checklist_item_department_foreign" foreign key ("department") references "department" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_department_foreign" foreign key ("department") references "department" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "partner_audit_log" add constraint "partner_audit_log_department_foreign" foreign key ("department") references "department" ("code") on update cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_department_foreign" foreign key ("department") references "department" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "users" add constraint "users_department_foreign" foreign key ("department") references "department" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "webhook_subscription" add constraint "webhook_subscription_owner_department_foreign" foreign key ("owner_department") references "department" ("code") on update cascade on delete set null;`);
  }

  // Down holds only while no department beyond the five seeded ones is named anywhere.
  override async down(): Promise<void> {
    this.addSql(`alter table "department_task" drop constraint "department_task_department_foreign";`);

    this.addSql(`alter table "inspection_checklist_item" drop constraint "inspection_checklist_item_department_foreign";`);

    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_department_foreign";`);

    this.addSql(`alter table "partner_audit_log" drop constraint "partner_audit_log_department_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_department_foreign";`);

    this.addSql(`alter table "users" drop constraint "users_department_foreign";`);

    this.addSql(`alter table "webhook_subscription" drop constraint "webhook_subscription_owner_department_foreign";`);

    this.addSql(`drop table if exists "department_event" cascade;`);

    this.addSql(`drop table if exists "department" cascade;`);
    this.addSql(`create type "department" as enum ('FIRE_RESCUE', 'MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'PUBLIC_SECURITY', 'TRANSPORT');`);

    this.addSql(`alter table "api_key" alter column "department" type "department" using ("department"::"department");`);

    this.addSql(`alter table "department_task" alter column "department" type "department" using ("department"::"department");`);

    this.addSql(`alter table "inspection_checklist_item" alter column "department" type "department" using ("department"::"department");`);

    this.addSql(`alter table "inspection_finding" alter column "department" type "department" using ("department"::"department");`);

    this.addSql(`alter table "partner_audit_log" alter column "department" type "department" using ("department"::"department");`);

    this.addSql(`alter table "users" alter column "department" type "department" using ("department"::"department");`);

    this.addSql(`alter table "webhook_subscription" alter column "owner_department" type "department" using ("owner_department"::"department");`);

    this.addSql(`drop type "department_action";`);
  }

}
