import { Migration } from '@mikro-orm/migrations';

/** A TOWN plan's town: only a TOWN plan has one (plans made before keep none and stay with ADMIN and unbounded tokens). */
export class Migration20261205164047_plan_town extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "enforcement_plan" add column "town" text null;`);
    this.addSql(`alter table "enforcement_plan" add constraint "enforcement_plan_town_check" check ("level" = 'TOWN' or "town" is null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "enforcement_plan" drop constraint "enforcement_plan_town_check";`);
    this.addSql(`alter table "enforcement_plan" drop column "town";`);
  }
}
