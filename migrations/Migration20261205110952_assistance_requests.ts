import { Migration } from '@mikro-orm/migrations';

export class Migration20261205110952_assistance_requests extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "assistance_status" as enum ('OPEN', 'ANSWERED');`);
    this.addSql(`create table "assistance_request" ("id" bigserial primary key, "from_level" "enforcement_level" not null, "to_level" "enforcement_level" not null, "enterprise_id" bigint not null, "matter" text not null, "due_date" date not null, "status" "assistance_status" not null default 'OPEN', "requested_by" text not null, "requested_at" timestamptz not null, "answer" text null, "answered_by" text null, "answered_at" timestamptz null);`);
    this.addSql(`create index "assistance_request_status_due_date_index" on "assistance_request" ("status", "due_date");`);

    this.addSql(`alter table "assistance_request" add constraint "assistance_request_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);

    this.addSql(`alter type "notification_kind" add value if not exists 'ASSISTANCE_OVERDUE' after 'MAJOR_HAZARD_CLEARED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "assistance_request" cascade;`);

    this.addSql(`drop type "assistance_status";`);
  }

}
