import { Migration } from '@mikro-orm/migrations';

export class Migration20261205105756_third_parties extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "third_party_status" as enum ('ADMITTED', 'REMOVED');`);
    this.addSql(`create type "third_party_advice_kind" as enum ('RECOMMENDED', 'MANDATORY');`);
    this.addSql(`create type "third_party_advice_status" as enum ('ADVISORY', 'PENDING_CONFIRMATION', 'CONFIRMED', 'DISMISSED');`);
    this.addSql(`create table "third_party_organisation" ("id" bigserial primary key, "name" text not null, "credit_code" varchar(18) not null, "scope" text not null, "status" "third_party_status" not null default 'ADMITTED', "admitted_at" timestamptz not null, "admitted_by" text not null, "removed_at" timestamptz null, "removal_reason" text null);`);
    this.addSql(`alter table "third_party_organisation" add constraint "third_party_organisation_credit_code_unique" unique ("credit_code");`);

    this.addSql(`create table "third_party_advice" ("id" bigserial primary key, "inspection_id" bigint not null, "organisation_id" bigint not null, "kind" "third_party_advice_kind" not null, "description" text not null, "basis" text not null, "severity" "hazard_severity" not null, "proposed_deadline" date null, "status" "third_party_advice_status" not null, "finding_id" bigint null, "recorded_by" text not null, "recorded_at" timestamptz not null, "confirmed_by" text null, "confirmed_at" timestamptz null, "confirmation_reason" text null);`);
    this.addSql(`alter table "third_party_advice" add constraint "third_party_advice_finding_id_unique" unique ("finding_id");`);

    this.addSql(`alter table "third_party_advice" add constraint "third_party_advice_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "third_party_advice" add constraint "third_party_advice_organisation_id_foreign" foreign key ("organisation_id") references "third_party_organisation" ("id") on update cascade;`);
    this.addSql(`alter table "third_party_advice" add constraint "third_party_advice_finding_id_foreign" foreign key ("finding_id") references "inspection_finding" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "third_party_advice" drop constraint "third_party_advice_organisation_id_foreign";`);

    this.addSql(`drop table if exists "third_party_organisation" cascade;`);

    this.addSql(`drop table if exists "third_party_advice" cascade;`);

    this.addSql(`drop type "third_party_status";`);
    this.addSql(`drop type "third_party_advice_kind";`);
    this.addSql(`drop type "third_party_advice_status";`);
  }

}
