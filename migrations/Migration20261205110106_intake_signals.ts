import { Migration } from '@mikro-orm/migrations';

export class Migration20261205110106_intake_signals extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "intake_source" as enum ('MONITORING_ALARM', 'PATROL_FINDING', 'REFERRAL');`);
    this.addSql(`create table "intake_signal" ("id" bigserial primary key, "enterprise_id" bigint not null, "source" "intake_source" not null, "platform" text null, "external_id" text null, "sensor" text null, "reading" double precision null, "threshold" double precision null, "unit" text null, "referred_by" text null, "detail" text not null, "occurred_at" timestamptz not null, "received_at" timestamptz not null, "recorded_by" text not null);`);
    this.addSql(`create index "intake_signal_source_id_index" on "intake_signal" ("source", "id");`);
    this.addSql(`alter table "intake_signal" add constraint "intake_signal_platform_external_id_unique" unique ("platform", "external_id");`);

    this.addSql(`alter table "intake_signal" add constraint "intake_signal_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter type "proposal_reason" add value if not exists 'MONITORING_ALARM' after 'COMPLAINT';`);

    this.addSql(`alter type "proposal_reason" add value if not exists 'PATROL_FINDING' after 'MONITORING_ALARM';`);

    this.addSql(`alter type "proposal_reason" add value if not exists 'REFERRAL' after 'PATROL_FINDING';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "intake_signal" cascade;`);

    this.addSql(`drop type "intake_source";`);
  }

}
