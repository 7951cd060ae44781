import { Migration } from '@mikro-orm/migrations';

export class Migration20261205172115_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "webhook_event" as enum ('LEDGER_ENTRIES', 'ALERTS', 'NOTIFICATIONS');`);
    this.addSql(`create type "webhook_status" as enum ('ACTIVE', 'DISABLED');`);
    this.addSql(`create type "webhook_delivery_status" as enum ('PENDING', 'DELIVERED', 'DEAD', 'WITHHELD');`);
    this.addSql(`create table "webhook_subscription" ("id" bigserial primary key, "owner_role" "role" not null, "owner_enterprise" varchar(18) null, "owner_department" "department" null, "created_by" text not null, "url" text not null, "secret" text not null, "event" "webhook_event" not null, "filter" jsonb not null, "status" "webhook_status" not null default 'ACTIVE', "disabled_reason" text null, "cursor" text not null, "next_attempt_at" timestamptz null, "lease_owner" text null, "lease_until" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "webhook_subscription_status_next_attempt_at_index" on "webhook_subscription" ("status", "next_attempt_at");`);

    this.addSql(`create table "webhook_delivery" ("id" bigserial primary key, "subscription_id" bigint not null, "event_id" varchar(80) not null, "type" varchar(40) not null, "position" text not null, "ref" bigint not null, "body" text not null, "status" "webhook_delivery_status" not null default 'PENDING', "attempts" int not null default 0, "last_status_code" int null, "last_error" text null, "created_at" timestamptz not null, "delivered_at" timestamptz null);`);
    this.addSql(`create index "webhook_delivery_subscription_id_status_id_index" on "webhook_delivery" ("subscription_id", "status", "id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_event_id_unique" unique ("subscription_id", "event_id");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_foreign" foreign key ("subscription_id") references "webhook_subscription" ("id") on update cascade on delete cascade;`);

  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_subscription_id_foreign";`);

    this.addSql(`drop table if exists "webhook_subscription" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop type "webhook_event";`);
    this.addSql(`drop type "webhook_status";`);
    this.addSql(`drop type "webhook_delivery_status";`);
  }

}
