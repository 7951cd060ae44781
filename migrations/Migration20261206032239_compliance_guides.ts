import { Migration } from '@mikro-orm/migrations';

export class Migration20261206032239_compliance_guides extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "compliance_guide" ("id" bigserial primary key, "industry" "industry_category" not null, "category" text not null, "title" text not null, "introduction" text not null, "published_by" text not null, "published_at" timestamptz not null, "withdrawn_at" timestamptz null, "withdrawn_by" text null, "withdraw_reason" text null, "superseded_by_id" bigint null);`);
    this.addSql(`create index "compliance_guide_industry_category_index" on "compliance_guide" ("industry", "category");`);

    this.addSql(`create table "compliance_guide_item" ("id" bigserial primary key, "guide_id" bigint not null, "position" int not null, "template_id" bigint not null, "guidance" text not null);`);
    this.addSql(`create index "compliance_guide_item_guide_id_position_index" on "compliance_guide_item" ("guide_id", "position");`);

    this.addSql(`alter table "compliance_guide" add constraint "compliance_guide_superseded_by_id_foreign" foreign key ("superseded_by_id") references "compliance_guide" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "compliance_guide_item" add constraint "compliance_guide_item_guide_id_foreign" foreign key ("guide_id") references "compliance_guide" ("id") on update cascade;`);
    this.addSql(`alter table "compliance_guide_item" add constraint "compliance_guide_item_template_id_foreign" foreign key ("template_id") references "checklist_template" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "compliance_guide" drop constraint "compliance_guide_superseded_by_id_foreign";`);

    this.addSql(`alter table "compliance_guide_item" drop constraint "compliance_guide_item_guide_id_foreign";`);

    this.addSql(`drop table if exists "compliance_guide" cascade;`);

    this.addSql(`drop table if exists "compliance_guide_item" cascade;`);
  }

}
