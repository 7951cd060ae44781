import { Migration } from '@mikro-orm/migrations';

/**
 * Batches and their codes (docs/trace-code.md). A code is never given to another batch: batch rows are kept
 * like the registry's (migration registry_kept), the database refuses DELETE and TRUNCATE on them.
 */
export class Migration20261205124000_batches extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "batch" ("id" bigserial primary key, "code" varchar(46) not null, "product_id" bigint not null, "product_code" varchar(25) not null, "batch_number" varchar(20) not null, "origin_id" bigint not null, "origin_code" varchar(18) not null, "production_date" date null, "expiry_date" date null, "retest_date" date null, "planned_quantity" numeric(18,3) null, "first_entry_hash" char(64) null, "registered_at" timestamptz not null default now());`);
    this.addSql(`alter table "batch" add constraint "batch_code_unique" unique ("code");`);
    this.addSql(`create index "batch_origin_id_index" on "batch" ("origin_id");`);
    this.addSql(`alter table "batch" add constraint "batch_product_id_batch_number_unique" unique ("product_id", "batch_number");`);

    this.addSql(`alter table "batch" add constraint "batch_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "batch" add constraint "batch_origin_id_foreign" foreign key ("origin_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`create trigger batch_no_delete before delete on "batch" for each row execute function registry_row_kept();`);
    this.addSql(`create trigger batch_no_truncate before truncate on "batch" for each statement execute function registry_row_kept();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "batch" cascade;`);
  }

}
