import { Migration } from '@mikro-orm/migrations';

export class Migration20261205103521_random_draw extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "random_draw_status" as enum ('ANNOUNCED', 'DRAWN');`);
    this.addSql(`create table "random_draw" ("id" bigserial primary key, "plan_id" bigint not null, "status" "random_draw_status" not null default 'ANNOUNCED', "count" int not null, "team_size" int not null, "towns" text[] not null, "industries" text[] not null, "grades" text[] not null, "roster" text[] not null, "scheduled_from" date not null, "scheduled_to" date not null, "seed" text not null, "announced_by" text not null, "announced_at" timestamptz not null, "drawn_at" timestamptz null, "drawn_by" text null, "pool" jsonb null, "excluded" jsonb null, "drawn" jsonb null);`);
    this.addSql(`create index "random_draw_plan_id_index" on "random_draw" ("plan_id");`);

    this.addSql(`alter table "random_draw" add constraint "random_draw_plan_id_foreign" foreign key ("plan_id") references "enforcement_plan" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "random_draw" cascade;`);

    this.addSql(`drop type "random_draw_status";`);
  }

}
