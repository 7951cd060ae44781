import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113512_supervision extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "complaint_status" as enum ('OPEN', 'PROPOSED', 'CLOSED');`);
    this.addSql(`create type "accident_severity" as enum ('ORDINARY', 'LARGER', 'MAJOR', 'EXTRAORDINARY');`);
    this.addSql(`create type "job_trigger" as enum ('CRON', 'MANUAL', 'CLI');`);
    this.addSql(`create type "job_run_status" as enum ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');`);
    this.addSql(`create type "notification_audience" as enum ('ENTERPRISE', 'REGULATORS');`);
    this.addSql(`create type "notification_kind" as enum ('LICENCE_EXPIRY_REMINDER', 'CERTIFICATE_REVIEW_REMINDER', 'RISK_GRADE_CHANGED', 'SUPERVISION_PROPOSED', 'LEDGER_CHAIN_BROKEN', 'INSPECTION_TARGETS_PUBLISHED', 'MAJOR_HAZARD_IDENTIFIED', 'MAJOR_HAZARD_CLEARED');`);
    this.addSql(`create type "delivery_status" as enum ('PENDING', 'DELIVERED', 'FAILED');`);
    this.addSql(`create type "publication_kind" as enum ('MONTHLY_TARGETS');`);
    this.addSql(`create type "risk_grade_letter" as enum ('A', 'B', 'C', 'D');`);
    this.addSql(`create type "supervision_treatment" as enum ('FULL_CHECKUP', 'KEY_SPOT_CHECK', 'PROACTIVE_HELP', 'NO_DISTURBANCE');`);
    this.addSql(`create type "special_operation_type" as enum ('ELECTRICAL', 'WELDING_AND_CUTTING', 'WORK_AT_HEIGHT', 'REFRIGERATION', 'HAZCHEM_PROCESS', 'HAZCHEM_SAFETY', 'FIREWORKS', 'OTHER');`);
    this.addSql(`create type "proposal_kind" as enum ('ALERT_TRIGGERED', 'EVENT_TRIGGERED');`);
    this.addSql(`create type "proposal_reason" as enum ('OVERDUE_FILING', 'LICENCE_EXPIRED_WITH_STOCK', 'OPEN_LEDGER_ALERT', 'COMPLAINT');`);
    this.addSql(`create type "proposal_status" as enum ('PROPOSED', 'CAPPED');`);
    this.addSql(`create table "complaint" ("id" bigserial primary key, "enterprise_id" bigint not null, "channel" text not null, "content" text not null, "received_at" timestamptz not null, "status" "complaint_status" not null default 'OPEN', "recorded_by" text not null);`);
    this.addSql(`create index "complaint_status_id_index" on "complaint" ("status", "id");`);

    this.addSql(`create table "accident" ("id" bigserial primary key, "enterprise_id" bigint not null, "occurred_at" timestamptz not null, "severity" "accident_severity" not null, "deaths" int not null default 0, "injuries" int not null default 0, "description" text not null, "recorded_by" text not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "accident_enterprise_id_occurred_at_index" on "accident" ("enterprise_id", "occurred_at");`);

    this.addSql(`create table "group_self_supervision" ("id" bigserial primary key, "group_id" bigint not null, "since" timestamptz not null, "revoked_at" timestamptz null, "accepted_by" text not null);`);
    this.addSql(`alter table "group_self_supervision" add constraint "group_self_supervision_group_id_unique" unique ("group_id");`);

    this.addSql(`create table "job_run" ("id" bigserial primary key, "job" varchar(64) not null, "trigger" "job_trigger" not null, "status" "job_run_status" not null, "scheduled_for" timestamptz null, "requested_by" text null, "instance" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "counts" jsonb not null default '{}', "progress_done" int null, "progress_total" int null, "error" text null);`);
    this.addSql(`create index "job_run_job_id_index" on "job_run" ("job", "id");`);

    this.addSql(`create table "notification" ("id" bigserial primary key, "audience" "notification_audience" not null, "enterprise_id" bigint null, "kind" "notification_kind" not null, "title" text not null, "payload" jsonb not null, "dedupe_key" varchar(200) not null, "created_at" timestamptz not null, "delivery_status" "delivery_status" not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, "last_error" text null);`);
    this.addSql(`alter table "notification" add constraint "notification_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "notification_delivery_status_next_attempt_at_index" on "notification" ("delivery_status", "next_attempt_at");`);
    this.addSql(`create index "notification_enterprise_id_id_index" on "notification" ("enterprise_id", "id");`);

    this.addSql(`create table "publication" ("id" bigserial primary key, "kind" "publication_kind" not null, "period" varchar(7) not null, "content" jsonb not null, "published_at" timestamptz not null);`);
    this.addSql(`alter table "publication" add constraint "publication_kind_period_unique" unique ("kind", "period");`);

    this.addSql(`create table "risk_grade" ("id" bigserial primary key, "enterprise_id" bigint not null, "grade" "risk_grade_letter" not null, "previous_grade" "risk_grade_letter" null, "score" int not null, "treatment" "supervision_treatment" not null, "group_exempt" boolean not null default false, "reasons" jsonb not null, "window_start" timestamptz not null, "graded_at" timestamptz not null);`);
    this.addSql(`create index "risk_grade_enterprise_id_id_index" on "risk_grade" ("enterprise_id", "id");`);

    this.addSql(`create table "special_operation_certificate" ("id" bigserial primary key, "enterprise_id" bigint not null, "holder" text not null, "type" "special_operation_type" not null, "number" varchar(64) not null, "review_date" date not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "special_operation_certificate_review_date_index" on "special_operation_certificate" ("review_date");`);
    this.addSql(`alter table "special_operation_certificate" add constraint "special_operation_certificate_type_number_unique" unique ("type", "number");`);

    this.addSql(`create table "supervision_proposal" ("id" bigserial primary key, "enterprise_id" bigint not null, "kind" "proposal_kind" not null, "reason" "proposal_reason" not null, "detail" text not null, "status" "proposal_status" not null, "dedupe_key" varchar(200) not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "supervision_proposal" add constraint "supervision_proposal_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "supervision_proposal_status_id_index" on "supervision_proposal" ("status", "id");`);

    this.addSql(`create table "major_hazard_flag" ("id" bigserial primary key, "warehouse_id" bigint not null, "sum" numeric(20,6) not null, "flagged" boolean not null, "flagged_since" timestamptz null, "computed_at" timestamptz not null);`);
    this.addSql(`alter table "major_hazard_flag" add constraint "major_hazard_flag_warehouse_id_unique" unique ("warehouse_id");`);

    this.addSql(`alter table "complaint" add constraint "complaint_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "accident" add constraint "accident_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "group_self_supervision" add constraint "group_self_supervision_group_id_foreign" foreign key ("group_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "notification" add constraint "notification_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "risk_grade" add constraint "risk_grade_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "special_operation_certificate" add constraint "special_operation_certificate_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "supervision_proposal" add constraint "supervision_proposal_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "major_hazard_flag" add constraint "major_hazard_flag_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete cascade;`);

    this.addSql(`drop index "ledger_shipment_open_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "complaint" cascade;`);

    this.addSql(`drop table if exists "accident" cascade;`);

    this.addSql(`drop table if exists "group_self_supervision" cascade;`);

    this.addSql(`drop table if exists "job_run" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "publication" cascade;`);

    this.addSql(`drop table if exists "risk_grade" cascade;`);

    this.addSql(`drop table if exists "special_operation_certificate" cascade;`);

    this.addSql(`drop table if exists "supervision_proposal" cascade;`);

    this.addSql(`drop table if exists "major_hazard_flag" cascade;`);

    this.addSql(`CREATE INDEX ledger_shipment_open_index ON public.ledger_shipment USING btree (receiver_code, id) WHERE ((received + cancelled) < shipped);`);

    this.addSql(`drop type "complaint_status";`);
    this.addSql(`drop type "accident_severity";`);
    this.addSql(`drop type "job_trigger";`);
    this.addSql(`drop type "job_run_status";`);
    this.addSql(`drop type "notification_audience";`);
    this.addSql(`drop type "notification_kind";`);
    this.addSql(`drop type "delivery_status";`);
    this.addSql(`drop type "publication_kind";`);
    this.addSql(`drop type "risk_grade_letter";`);
    this.addSql(`drop type "supervision_treatment";`);
    this.addSql(`drop type "special_operation_type";`);
    this.addSql(`drop type "proposal_kind";`);
    this.addSql(`drop type "proposal_reason";`);
    this.addSql(`drop type "proposal_status";`);
  }

}
