import { Migration } from '@mikro-orm/migrations';

export class Migration20261206022419_audit_escaped extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "partner_audit_log" add column "escaped" boolean not null default false;`);

    this.addSql(`alter table "regulator_read_log" add column "escaped" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partner_audit_log" drop column "escaped";`);

    this.addSql(`alter table "regulator_read_log" drop column "escaped";`);
  }

}
