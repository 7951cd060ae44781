import { Migration } from '@mikro-orm/migrations';

export class Migration20261205110536_item_library_on_site_plan extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "checklist_template" ("id" bigserial primary key, "industry" "industry_category" not null, "category" text not null, "risk_tag" text not null, "item" text not null, "basis" text not null, "created_by" text not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "checklist_template_industry_category_index" on "checklist_template" ("industry", "category");`);

    this.addSql(`alter table "inspection" add column "on_site_plan_approved_at" timestamptz null, add column "on_site_plan_approved_by" text null;`);

    this.addSql(`alter table "inspection_checklist_item" add column "template_id" bigint null;`);
    this.addSql(`alter table "inspection_checklist_item" add constraint "inspection_checklist_item_template_id_foreign" foreign key ("template_id") references "checklist_template" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inspection_checklist_item" drop constraint "inspection_checklist_item_template_id_foreign";`);

    this.addSql(`drop table if exists "checklist_template" cascade;`);

    this.addSql(`alter table "inspection" drop column "on_site_plan_approved_at", drop column "on_site_plan_approved_by";`);

    this.addSql(`alter table "inspection_checklist_item" drop column "template_id";`);
  }

}
