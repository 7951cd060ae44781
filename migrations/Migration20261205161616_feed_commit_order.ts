import { Migration } from '@mikro-orm/migrations';

export class Migration20261205161616_feed_commit_order extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notification" add column "tx" bigint not null default (pg_current_xact_id()::text::bigint);`);
    this.addSql(`create index "notification_tx_id_index" on "notification" ("tx", "id");`);

    this.addSql(`alter table "alert" add column "tx" bigint not null default (pg_current_xact_id()::text::bigint);`);
    this.addSql(`create index "alert_tx_id_index" on "alert" ("tx", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "alert_tx_id_index";`);
    this.addSql(`alter table "alert" drop column "tx";`);

    this.addSql(`drop index "notification_tx_id_index";`);
    this.addSql(`alter table "notification" drop column "tx";`);
  }

}
