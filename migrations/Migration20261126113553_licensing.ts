import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113553_licensing extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "department" as enum ('FIRE_RESCUE', 'MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'PUBLIC_SECURITY', 'TRANSPORT');`);
    this.addSql(`create type "audit_outcome" as enum ('OK', 'PARTIAL', 'REFUSED', 'FAILED');`);
    this.addSql(`create type "plan_status" as enum ('DRAFT', 'APPROVED', 'PUBLISHED');`);
    this.addSql(`create type "inspection_type" as enum ('KEY_UNIT', 'KEY_SPOT_CHECK', 'GENERAL_RANDOM', 'ALERT_TRIGGERED', 'EVENT_TRIGGERED', 'SUPERVISORY', 'JOINT');`);
    this.addSql(`create type "inspection_status" as enum ('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED');`);
    this.addSql(`create type "checklist_result" as enum ('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE');`);
    this.addSql(`create type "hazard_severity" as enum ('GENERAL', 'MAJOR');`);
    this.addSql(`create type "finding_status" as enum ('OPEN', 'RECTIFIED', 'VERIFIED');`);
    this.addSql(`create type "licence_type" as enum ('HAZCHEM_BUSINESS', 'SAFETY_PRODUCTION', 'SAFE_USE', 'HIGHLY_TOXIC_PURCHASE');`);
    this.addSql(`create type "licence_state" as enum ('PENDING', 'REFUSED', 'VALID', 'SUSPENDED', 'REVOKED', 'CANCELLED');`);
    this.addSql(`create type "licence_event_type" as enum ('APPLIED', 'ISSUED', 'REFUSED', 'CHANGED', 'SCOPE_ADDED', 'REISSUED', 'SUSPENDED', 'REINSTATED', 'REVOKED', 'CANCELLED');`);
    this.addSql(`create type "no_penalty_reason" as enum ('MINOR', 'FIRST_OFFENCE', 'NO_FAULT');`);
    this.addSql(`create type "alert_code" as enum ('LICENCE_MISSING', 'LICENCE_EXPIRED', 'LICENCE_INVALID', 'OUT_OF_SCOPE', 'COUNTERPARTY_UNLICENSED');`);
    this.addSql(`create type "alert_status" as enum ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');`);
    this.addSql(`create type "licence_activity" as enum ('TRADE', 'STORAGE', 'USE', 'PRODUCTION', 'PURCHASE');`);
    this.addSql(`create table "partner_audit_log" ("id" bigserial primary key, "at" timestamptz not null, "subject" text not null, "department" "department" not null, "operation_name" text null, "operation_type" text null, "query" text not null, "variables" jsonb not null, "rows_returned" int not null, "outcome" "audit_outcome" not null, "error_codes" text[] not null, "request_id" text not null);`);
    this.addSql(`create index "partner_audit_log_at_index" on "partner_audit_log" ("at");`);
    this.addSql(`create index "partner_audit_log_department_at_index" on "partner_audit_log" ("department", "at");`);

    this.addSql(`create table "calendar_day" ("date" date not null, "working" boolean not null, "name" text not null, constraint "calendar_day_pkey" primary key ("date"));`);

    this.addSql(`create table "enforcement_plan" ("id" bigserial primary key, "level" "enforcement_level" not null, "year" int not null, "title" text not null, "status" "plan_status" not null default 'DRAFT', "created_by" text not null, "approved_by" text null, "approved_at" timestamptz null, "published_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "enforcement_plan_year_level_index" on "enforcement_plan" ("year", "level");`);

    this.addSql(`create table "inspection" ("id" bigserial primary key, "code" varchar(13) not null, "enterprise_id" bigint not null, "plan_id" bigint null, "type" "inspection_type" not null, "enforcing_level" "enforcement_level" not null, "departments" text[] not null, "inspectors" text[] not null, "scheduled_date" date not null, "year" int not null, "justification" text null, "trigger" text null, "status" "inspection_status" not null default 'PLANNED', "cancel_reason" text null, "created_by" text not null, "created_at" timestamptz not null, "published_at" timestamptz null, "started_at" timestamptz null, "completed_at" timestamptz null, "closed_at" timestamptz null, "cancelled_at" timestamptz null);`);
    this.addSql(`alter table "inspection" add constraint "inspection_code_unique" unique ("code");`);
    this.addSql(`create index "inspection_plan_id_index" on "inspection" ("plan_id");`);
    this.addSql(`create index "inspection_year_type_index" on "inspection" ("year", "type");`);
    this.addSql(`create index "inspection_enterprise_id_year_index" on "inspection" ("enterprise_id", "year");`);

    this.addSql(`create table "inspection_checklist_item" ("id" bigserial primary key, "inspection_id" bigint not null, "position" int not null, "item" text not null, "basis" text null, "result" "checklist_result" null, "note" text null, "recorded_at" timestamptz null, "recorded_by" text null);`);
    this.addSql(`alter table "inspection_checklist_item" add constraint "inspection_checklist_item_inspection_id_position_unique" unique ("inspection_id", "position");`);

    this.addSql(`create table "inspection_finding" ("id" bigserial primary key, "inspection_id" bigint not null, "checklist_item_id" bigint null, "description" text not null, "severity" "hazard_severity" not null, "rectification_deadline" date not null, "original_deadline" date not null, "status" "finding_status" not null default 'OPEN', "rectified_at" timestamptz null, "rechecked_at" timestamptz null, "recheck_note" text null, "failed_rechecks" int not null default 0, "verified_at" timestamptz null, "recorded_by" text not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "inspection_finding_inspection_id_index" on "inspection_finding" ("inspection_id");`);

    this.addSql(`create table "inspection_evaluation" ("id" bigserial primary key, "inspection_id" bigint not null, "rating" smallint not null, "comment" text null, "evaluated_by" text not null, "created_at" timestamptz not null, constraint inspection_evaluation_rating_check check (rating between 1 and 5));`);
    this.addSql(`alter table "inspection_evaluation" add constraint "inspection_evaluation_inspection_id_unique" unique ("inspection_id");`);

    this.addSql(`create table "licence" ("id" bigserial primary key, "type" "licence_type" not null, "number" text null, "holder_id" bigint not null, "holder_name" text not null, "address" text not null, "legal_representative" text not null, "issuing_authority" text not null, "valid_from" date null, "valid_until" date null, "state" "licence_state" not null, "applied_at" timestamptz not null, "decided_at" timestamptz null, "reissue_count" int not null default 0, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "licence" add constraint "licence_number_unique" unique ("number");`);
    this.addSql(`create index "licence_state_index" on "licence" ("state");`);
    this.addSql(`create index "licence_holder_id_type_index" on "licence" ("holder_id", "type");`);

    this.addSql(`create table "licence_event" ("id" bigserial primary key, "licence_id" bigint not null, "type" "licence_event_type" not null, "occurred_at" timestamptz not null, "state_after" "licence_state" not null, "actor" text not null, "reason" text null, "details" jsonb not null default '{}');`);
    this.addSql(`create index "licence_event_licence_id_index" on "licence_event" ("licence_id");`);

    this.addSql(`create table "licence_scope_item" ("id" bigserial primary key, "licence_id" bigint not null, "chemical_serial" int not null, "storage_allowed" boolean not null, "added_at" timestamptz not null);`);
    this.addSql(`create index "licence_scope_item_chemical_serial_index" on "licence_scope_item" ("chemical_serial");`);
    this.addSql(`alter table "licence_scope_item" add constraint "licence_scope_item_licence_id_chemical_serial_unique" unique ("licence_id", "chemical_serial");`);

    this.addSql(`create table "penalty_decision" ("id" bigserial primary key, "inspection_id" bigint not null, "penalized" boolean not null, "legal_basis" text null, "amount_yuan" numeric(14,2) null, "no_penalty_reason" "no_penalty_reason" null, "note" text null, "decided_by" text not null, "decided_at" timestamptz not null);`);
    this.addSql(`alter table "penalty_decision" add constraint "penalty_decision_inspection_id_unique" unique ("inspection_id");`);

    this.addSql(`create table "alert" ("id" bigserial primary key, "code" "alert_code" not null, "status" "alert_status" not null default 'OPEN', "enterprise_id" bigint not null, "entry_id" bigint not null, "entry_hash" varchar(64) not null, "entry_seq" int not null, "activity" "licence_activity" not null, "chemical_serial" int not null, "counterparty" varchar(18) null, "licence_id" bigint null, "message" text not null, "occurred_at" timestamptz not null, "raised_at" timestamptz not null default now(), "acknowledged_at" timestamptz null, "acknowledged_by" text null, "resolved_at" timestamptz null, "resolved_by" text null, "resolution" text null);`);
    this.addSql(`create index "alert_enterprise_id_status_index" on "alert" ("enterprise_id", "status");`);
    this.addSql(`alter table "alert" add constraint "alert_entry_id_code_activity_unique" unique ("entry_id", "code", "activity");`);

    this.addSql(`alter table "inspection" add constraint "inspection_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection" add constraint "inspection_plan_id_foreign" foreign key ("plan_id") references "enforcement_plan" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_checklist_item" add constraint "inspection_checklist_item_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_checklist_item_id_foreign" foreign key ("checklist_item_id") references "inspection_checklist_item" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "inspection_evaluation" add constraint "inspection_evaluation_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "licence" add constraint "licence_holder_id_foreign" foreign key ("holder_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "licence_event" add constraint "licence_event_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "licence_scope_item" add constraint "licence_scope_item_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "licence_scope_item" add constraint "licence_scope_item_chemical_serial_foreign" foreign key ("chemical_serial") references "chemical" ("serial") on update cascade on delete restrict;`);

    this.addSql(`alter table "penalty_decision" add constraint "penalty_decision_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "alert" add constraint "alert_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "alert" add constraint "alert_entry_id_foreign" foreign key ("entry_id") references "ledger_entry" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "alert" add constraint "alert_chemical_serial_foreign" foreign key ("chemical_serial") references "chemical" ("serial") on update cascade on delete restrict;`);
    this.addSql(`alter table "alert" add constraint "alert_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inspection" drop constraint "inspection_plan_id_foreign";`);

    this.addSql(`alter table "inspection_checklist_item" drop constraint "inspection_checklist_item_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_evaluation" drop constraint "inspection_evaluation_inspection_id_foreign";`);

    this.addSql(`alter table "penalty_decision" drop constraint "penalty_decision_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_checklist_item_id_foreign";`);

    this.addSql(`alter table "licence_event" drop constraint "licence_event_licence_id_foreign";`);

    this.addSql(`alter table "licence_scope_item" drop constraint "licence_scope_item_licence_id_foreign";`);

    this.addSql(`alter table "alert" drop constraint "alert_licence_id_foreign";`);

    this.addSql(`drop table if exists "partner_audit_log" cascade;`);

    this.addSql(`drop table if exists "calendar_day" cascade;`);

    this.addSql(`drop table if exists "enforcement_plan" cascade;`);

    this.addSql(`drop table if exists "inspection" cascade;`);

    this.addSql(`drop table if exists "inspection_checklist_item" cascade;`);

    this.addSql(`drop table if exists "inspection_finding" cascade;`);

    this.addSql(`drop table if exists "inspection_evaluation" cascade;`);

    this.addSql(`drop table if exists "licence" cascade;`);

    this.addSql(`drop table if exists "licence_event" cascade;`);

    this.addSql(`drop table if exists "licence_scope_item" cascade;`);

    this.addSql(`drop table if exists "penalty_decision" cascade;`);

    this.addSql(`drop table if exists "alert" cascade;`);

    this.addSql(`drop type "department";`);
    this.addSql(`drop type "audit_outcome";`);
    this.addSql(`drop type "plan_status";`);
    this.addSql(`drop type "inspection_type";`);
    this.addSql(`drop type "inspection_status";`);
    this.addSql(`drop type "checklist_result";`);
    this.addSql(`drop type "hazard_severity";`);
    this.addSql(`drop type "finding_status";`);
    this.addSql(`drop type "licence_type";`);
    this.addSql(`drop type "licence_state";`);
    this.addSql(`drop type "licence_event_type";`);
    this.addSql(`drop type "no_penalty_reason";`);
    this.addSql(`drop type "alert_code";`);
    this.addSql(`drop type "alert_status";`);
    this.addSql(`drop type "licence_activity";`);
  }

}
