import { Migration } from '@mikro-orm/migrations';

export class Migration20261205111131_typical_cases extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "typical_case" ("id" bigserial primary key, "inspection_id" bigint not null, "title" text not null, "summary" text not null, "significance" text not null, "recorded_by" text not null, "recorded_at" timestamptz not null, "reported_at" timestamptz null);`);
    this.addSql(`alter table "typical_case" add constraint "typical_case_inspection_id_unique" unique ("inspection_id");`);

    this.addSql(`alter table "typical_case" add constraint "typical_case_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "typical_case" cascade;`);
  }

}
