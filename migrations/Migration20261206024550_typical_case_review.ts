import { Migration } from '@mikro-orm/migrations';

export class Migration20261206024550_typical_case_review extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "typical_case_status" as enum ('RECORDED', 'REPORTED', 'ACCEPTED', 'RETURNED');`);
    this.addSql(`alter table "typical_case" add column "status" "typical_case_status" not null default 'RECORDED', add column "reported_by" text null, add column "reviewed_at" timestamptz null, add column "reviewed_by" text null, add column "return_reason" text null, add column "returns" int not null default 0;`);
    this.addSql(`create index "typical_case_status_id_index" on "typical_case" ("status", "id");`);
    // Cases marked reported before the city reviewed them await its review; who reported them was not kept, the writer is the best record.
    this.addSql(`update "typical_case" set "status" = 'REPORTED', "reported_by" = "recorded_by" where "reported_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "typical_case_status_id_index";`);
    this.addSql(`alter table "typical_case" drop column "status", drop column "reported_by", drop column "reviewed_at", drop column "reviewed_by", drop column "return_reason", drop column "returns";`);

    this.addSql(`drop type "typical_case_status";`);
  }

}
