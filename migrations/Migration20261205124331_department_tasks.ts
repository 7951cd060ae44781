import { Migration } from '@mikro-orm/migrations';

export class Migration20261205124331_department_tasks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "department_task_status" as enum ('PENDING', 'JOINED', 'WITHDRAWN');`);
    this.addSql(`create table "department_task" ("id" bigserial primary key, "department" "department" not null, "enterprise_id" bigint not null, "month" text not null, "matter" text not null, "status" "department_task_status" not null default 'PENDING', "inspection_id" bigint null, "planned_by" text not null, "planned_at" timestamptz not null, "joined_at" timestamptz null, constraint department_task_month_check check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])\$'));`);
    this.addSql(`create index "department_task_month_status_index" on "department_task" ("month", "status");`);

    this.addSql(`alter table "department_task" add constraint "department_task_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "department_task" add constraint "department_task_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "department_task" cascade;`);

    this.addSql(`drop type "department_task_status";`);
  }

}
