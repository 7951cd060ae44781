import { Migration } from '@mikro-orm/migrations';

export class Migration20261206204011_subscription_event_position extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "partner_audit_log" add column "event_position" text null;`);

    this.addSql(`alter table "regulator_read_log" add column "event_position" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partner_audit_log" drop column "event_position";`);

    this.addSql(`alter table "regulator_read_log" drop column "event_position";`);
  }

}
