import { Migration } from '@mikro-orm/migrations';

export class Migration20261205214958_webhook_secret_rotation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "webhook_subscription" add column "previous_secret" text null, add column "previous_secret_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_subscription" drop column "previous_secret", drop column "previous_secret_until";`);
  }

}
