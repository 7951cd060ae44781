import { Migration } from '@mikro-orm/migrations';

export class Migration20261126114235_supervision_jobs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "notification_severity" as enum ('INFO', 'WARNING', 'CRITICAL');`);
    this.addSql(`alter table "notification" add column "severity" "notification_severity" not null default 'INFO';`);

    this.addSql(`alter type "proposal_status" add value if not exists 'REFUSED' after 'CAPPED';`);

    this.addSql(`alter table "supervision_proposal" add column "inspection_id" bigint null, add column "outcome" text null;`);
    this.addSql(`alter table "supervision_proposal" add constraint "supervision_proposal_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "supervision_proposal" drop constraint "supervision_proposal_inspection_id_foreign";`);

    this.addSql(`alter table "notification" drop column "severity";`);



    this.addSql(`alter table "supervision_proposal" drop column "inspection_id", drop column "outcome";`);

    this.addSql(`drop type "notification_severity";`);
  }

}
