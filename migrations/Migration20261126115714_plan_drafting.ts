import { Migration } from '@mikro-orm/migrations';

/**
 * Drafting plans from the risk grades: the last draft's report on the plan,
 * and the inspection types of two treatments, FULL_CHECKUP (grade A) and
 * HELP_VISIT (grade C). Generated. PostgreSQL cannot drop an enum value, so
 * down() leaves the two types in place.
 */
export class Migration20261126115714_plan_drafting extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "enforcement_plan" add column "draft_report" jsonb null, add column "drafted_at" timestamptz null, add column "drafted_by" text null;`);

    this.addSql(`alter type "inspection_type" add value if not exists 'FULL_CHECKUP' after 'JOINT';`);

    this.addSql(`alter type "inspection_type" add value if not exists 'HELP_VISIT' after 'FULL_CHECKUP';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "enforcement_plan" drop column "draft_report", drop column "drafted_at", drop column "drafted_by";`);
  }

}
