import { Migration } from '@mikro-orm/migrations';

export class Migration20261126130151_schema extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "department" as enum ('FIRE_RESCUE', 'MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'PUBLIC_SECURITY', 'TRANSPORT');`);
    this.addSql(`create type "audit_outcome" as enum ('OK', 'PARTIAL', 'REFUSED', 'FAILED');`);
    this.addSql(`create type "enforcement_level" as enum ('CITY', 'DISTRICT', 'TOWN');`);
    this.addSql(`create type "plan_status" as enum ('DRAFT', 'APPROVED', 'PUBLISHED');`);
    this.addSql(`create type "industry_category" as enum ('HAZCHEM_PRODUCTION', 'HAZCHEM_TRADE', 'HAZCHEM_USE', 'INDUSTRY_AND_TRADE', 'OTHER');`);
    this.addSql(`create type "enterprise_status" as enum ('ACTIVE', 'SUSPENDED', 'CLOSED');`);
    this.addSql(`create type "complaint_status" as enum ('OPEN', 'PROPOSED', 'CLOSED');`);
    this.addSql(`create type "accident_severity" as enum ('ORDINARY', 'LARGER', 'MAJOR', 'EXTRAORDINARY');`);
    this.addSql(`create type "inspection_type" as enum ('KEY_UNIT', 'KEY_SPOT_CHECK', 'GENERAL_RANDOM', 'ALERT_TRIGGERED', 'EVENT_TRIGGERED', 'SUPERVISORY', 'JOINT', 'FULL_CHECKUP', 'HELP_VISIT');`);
    this.addSql(`create type "inspection_status" as enum ('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED');`);
    this.addSql(`create type "checklist_result" as enum ('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE');`);
    this.addSql(`create type "hazard_severity" as enum ('GENERAL', 'MAJOR');`);
    this.addSql(`create type "finding_status" as enum ('OPEN', 'RECTIFIED', 'VERIFIED');`);
    this.addSql(`create type "job_trigger" as enum ('CRON', 'MANUAL', 'CLI');`);
    this.addSql(`create type "job_run_status" as enum ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');`);
    this.addSql(`create type "licence_type" as enum ('HAZCHEM_BUSINESS', 'SAFETY_PRODUCTION', 'SAFE_USE', 'HIGHLY_TOXIC_PURCHASE');`);
    this.addSql(`create type "licence_state" as enum ('PENDING', 'REFUSED', 'VALID', 'SUSPENDED', 'REVOKED', 'CANCELLED');`);
    this.addSql(`create type "licence_event_type" as enum ('APPLIED', 'ISSUED', 'REFUSED', 'CHANGED', 'SCOPE_ADDED', 'REISSUED', 'SUSPENDED', 'REINSTATED', 'REVOKED', 'CANCELLED');`);
    this.addSql(`create type "notification_audience" as enum ('ENTERPRISE', 'REGULATORS');`);
    this.addSql(`create type "notification_kind" as enum ('LICENCE_EXPIRY_REMINDER', 'CERTIFICATE_REVIEW_REMINDER', 'RISK_GRADE_CHANGED', 'SUPERVISION_PROPOSED', 'LEDGER_CHAIN_BROKEN', 'INSPECTION_TARGETS_PUBLISHED', 'MAJOR_HAZARD_IDENTIFIED', 'MAJOR_HAZARD_CLEARED');`);
    this.addSql(`create type "notification_severity" as enum ('INFO', 'WARNING', 'CRITICAL');`);
    this.addSql(`create type "delivery_status" as enum ('PENDING', 'DELIVERED', 'FAILED');`);
    this.addSql(`create type "no_penalty_reason" as enum ('MINOR', 'FIRST_OFFENCE', 'NO_FAULT');`);
    this.addSql(`create type "unit" as enum ('KG', 'T', 'L', 'M3');`);
    this.addSql(`create type "publication_kind" as enum ('MONTHLY_TARGETS');`);
    this.addSql(`create type "risk_grade_letter" as enum ('A', 'B', 'C', 'D');`);
    this.addSql(`create type "supervision_treatment" as enum ('FULL_CHECKUP', 'KEY_SPOT_CHECK', 'PROACTIVE_HELP', 'NO_DISTURBANCE');`);
    this.addSql(`create type "special_operation_type" as enum ('ELECTRICAL', 'WELDING_AND_CUTTING', 'WORK_AT_HEIGHT', 'REFRIGERATION', 'HAZCHEM_PROCESS', 'HAZCHEM_SAFETY', 'FIREWORKS', 'OTHER');`);
    this.addSql(`create type "proposal_kind" as enum ('ALERT_TRIGGERED', 'EVENT_TRIGGERED');`);
    this.addSql(`create type "proposal_reason" as enum ('OVERDUE_FILING', 'LICENCE_EXPIRED_WITH_STOCK', 'OPEN_LEDGER_ALERT', 'COMPLAINT');`);
    this.addSql(`create type "proposal_status" as enum ('PROPOSED', 'CAPPED', 'REFUSED');`);
    this.addSql(`create type "storage_type" as enum ('WAREHOUSE', 'TANK_FARM', 'YARD', 'CYLINDER_STORE', 'OTHER');`);
    this.addSql(`create type "ledger_direction" as enum ('IN', 'OUT');`);
    this.addSql(`create type "ledger_reason" as enum ('PRODUCTION', 'PURCHASE', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'SALE', 'TRANSFER_OUT', 'CONSUMPTION', 'DISPOSAL', 'RETURN_OUT', 'EXPORT', 'CORRECTION');`);
    this.addSql(`create type "alert_code" as enum ('LICENCE_MISSING', 'LICENCE_EXPIRED', 'LICENCE_INVALID', 'OUT_OF_SCOPE', 'COUNTERPARTY_UNLICENSED', 'CHAIN_BROKEN');`);
    this.addSql(`create type "alert_severity" as enum ('NORMAL', 'CRITICAL');`);
    this.addSql(`create type "alert_status" as enum ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');`);
    this.addSql(`create type "licence_activity" as enum ('TRADE', 'STORAGE', 'USE', 'PRODUCTION', 'PURCHASE');`);
    this.addSql(`create table "partner_audit_log" ("id" bigserial primary key, "at" timestamptz not null, "subject" text not null, "department" "department" not null, "operation_name" text null, "operation_type" text null, "query" text not null, "variables" jsonb not null, "rows_returned" int not null, "outcome" "audit_outcome" not null, "error_codes" text[] not null, "request_id" text not null);`);
    this.addSql(`create index "partner_audit_log_at_index" on "partner_audit_log" ("at");`);
    this.addSql(`create index "partner_audit_log_department_at_index" on "partner_audit_log" ("department", "at");`);

    this.addSql(`create table "calendar_day" ("date" date not null, "working" boolean not null, "name" text not null, constraint "calendar_day_pkey" primary key ("date"));`);

    this.addSql(`create table "chemical" ("serial" int not null, "name" text not null, "variants" text[] not null, "aliases" text[] not null, "cas_numbers" text[] not null, "highly_toxic" boolean not null, "explosive_precursor" boolean not null, "precursor_serial" text null, "threshold_tonnes" numeric(12,3) null, constraint "chemical_pkey" primary key ("serial"));`);

    this.addSql(`create table "enforcement_plan" ("id" bigserial primary key, "level" "enforcement_level" not null, "year" int not null, "title" text not null, "status" "plan_status" not null default 'DRAFT', "created_by" text not null, "approved_by" text null, "approved_at" timestamptz null, "published_at" timestamptz null, "created_at" timestamptz not null, "draft_report" jsonb null, "drafted_at" timestamptz null, "drafted_by" text null);`);
    this.addSql(`create index "enforcement_plan_year_level_index" on "enforcement_plan" ("year", "level");`);

    this.addSql(`create table "enterprise" ("id" bigserial primary key, "credit_code" varchar(18) not null, "name" text not null, "address" text not null, "town" text not null, "enforcement_level" "enforcement_level" not null, "industry" "industry_category" not null, "parent_id" bigint null, "status" "enterprise_status" not null default 'ACTIVE', "key_unit" boolean not null default false, "last_product_number" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "enterprise" add constraint "enterprise_credit_code_unique" unique ("credit_code");`);
    this.addSql(`create index "enterprise_town_index" on "enterprise" ("town");`);

    this.addSql(`create table "complaint" ("id" bigserial primary key, "enterprise_id" bigint not null, "channel" text not null, "content" text not null, "received_at" timestamptz not null, "status" "complaint_status" not null default 'OPEN', "recorded_by" text not null);`);
    this.addSql(`create index "complaint_status_id_index" on "complaint" ("status", "id");`);

    this.addSql(`create table "accident" ("id" bigserial primary key, "enterprise_id" bigint not null, "occurred_at" timestamptz not null, "severity" "accident_severity" not null, "deaths" int not null default 0, "injuries" int not null default 0, "description" text not null, "recorded_by" text not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "accident_enterprise_id_occurred_at_index" on "accident" ("enterprise_id", "occurred_at");`);

    this.addSql(`create table "group_self_supervision" ("id" bigserial primary key, "group_id" bigint not null, "since" timestamptz not null, "revoked_at" timestamptz null, "accepted_by" text not null);`);
    this.addSql(`alter table "group_self_supervision" add constraint "group_self_supervision_group_id_unique" unique ("group_id");`);

    this.addSql(`create table "inspection" ("id" bigserial primary key, "code" varchar(13) not null, "enterprise_id" bigint not null, "plan_id" bigint null, "type" "inspection_type" not null, "enforcing_level" "enforcement_level" not null, "departments" text[] not null, "inspectors" text[] not null, "scheduled_date" date not null, "year" int not null, "justification" text null, "trigger" text null, "status" "inspection_status" not null default 'PLANNED', "cancel_reason" text null, "created_by" text not null, "created_at" timestamptz not null, "published_at" timestamptz null, "started_at" timestamptz null, "completed_at" timestamptz null, "closed_at" timestamptz null, "cancelled_at" timestamptz null);`);
    this.addSql(`alter table "inspection" add constraint "inspection_code_unique" unique ("code");`);
    this.addSql(`create index "inspection_plan_id_index" on "inspection" ("plan_id");`);
    this.addSql(`create index "inspection_year_type_index" on "inspection" ("year", "type");`);
    this.addSql(`create index "inspection_enterprise_id_year_index" on "inspection" ("enterprise_id", "year");`);

    this.addSql(`create table "inspection_checklist_item" ("id" bigserial primary key, "inspection_id" bigint not null, "position" int not null, "item" text not null, "basis" text null, "result" "checklist_result" null, "note" text null, "recorded_at" timestamptz null, "recorded_by" text null);`);
    this.addSql(`alter table "inspection_checklist_item" add constraint "inspection_checklist_item_inspection_id_position_unique" unique ("inspection_id", "position");`);

    this.addSql(`create table "inspection_finding" ("id" bigserial primary key, "inspection_id" bigint not null, "checklist_item_id" bigint null, "description" text not null, "severity" "hazard_severity" not null, "rectification_deadline" date not null, "original_deadline" date not null, "status" "finding_status" not null default 'OPEN', "rectified_at" timestamptz null, "rechecked_at" timestamptz null, "recheck_note" text null, "failed_rechecks" int not null default 0, "verified_at" timestamptz null, "recorded_by" text not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "inspection_finding_inspection_id_index" on "inspection_finding" ("inspection_id");`);

    this.addSql(`create table "inspection_evaluation" ("id" bigserial primary key, "inspection_id" bigint not null, "rating" smallint not null, "comment" text null, "evaluated_by" text not null, "created_at" timestamptz not null, constraint inspection_evaluation_rating_check check ((rating >= 1) AND (rating <= 5)));`);
    this.addSql(`alter table "inspection_evaluation" add constraint "inspection_evaluation_inspection_id_unique" unique ("inspection_id");`);

    this.addSql(`create table "job_run" ("id" bigserial primary key, "job" varchar(64) not null, "trigger" "job_trigger" not null, "status" "job_run_status" not null, "scheduled_for" timestamptz null, "requested_by" text null, "instance" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "counts" jsonb not null default '{}', "progress_done" int null, "progress_total" int null, "error" text null);`);
    this.addSql(`create index "job_run_job_id_index" on "job_run" ("job", "id");`);
    this.addSql(`alter table "job_run" add constraint "job_run_slot_unique" unique ("job", "scheduled_for");`);

    this.addSql(`create table "ledger_chain" ("chain" varchar(18) not null, "enterprise_id" bigint not null, "last_seq" int not null default 0, "last_hash" char(64) not null, constraint "ledger_chain_pkey" primary key ("chain"));`);
    this.addSql(`alter table "ledger_chain" add constraint "ledger_chain_enterprise_id_unique" unique ("enterprise_id");`);

    this.addSql(`create table "ledger_request" ("chain" varchar(18) not null, "request_id" varchar(64) not null, "digest" char(64) not null, "first_seq" int not null, "entry_count" int not null, "recorded_at" timestamptz not null, constraint "ledger_request_pkey" primary key ("chain", "request_id"));`);

    this.addSql(`create table "licence" ("id" bigserial primary key, "type" "licence_type" not null, "number" text null, "holder_id" bigint not null, "holder_name" text not null, "address" text not null, "legal_representative" text not null, "issuing_authority" text not null, "valid_from" date null, "valid_until" date null, "state" "licence_state" not null, "applied_at" timestamptz not null, "decided_at" timestamptz null, "reissue_count" int not null default 0, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "licence" add constraint "licence_number_unique" unique ("number");`);
    this.addSql(`create index "licence_state_index" on "licence" ("state");`);
    this.addSql(`create index "licence_holder_id_type_index" on "licence" ("holder_id", "type");`);

    this.addSql(`create table "licence_event" ("id" bigserial primary key, "licence_id" bigint not null, "type" "licence_event_type" not null, "occurred_at" timestamptz not null, "state_after" "licence_state" not null, "actor" text not null, "reason" text null, "details" jsonb not null default '{}');`);
    this.addSql(`create index "licence_event_licence_id_index" on "licence_event" ("licence_id");`);

    this.addSql(`create table "licence_scope_item" ("id" bigserial primary key, "licence_id" bigint not null, "chemical_serial" int not null, "storage_allowed" boolean not null, "added_at" timestamptz not null);`);
    this.addSql(`create index "licence_scope_item_chemical_serial_index" on "licence_scope_item" ("chemical_serial");`);
    this.addSql(`alter table "licence_scope_item" add constraint "licence_scope_item_licence_id_chemical_serial_unique" unique ("licence_id", "chemical_serial");`);

    this.addSql(`create table "notification" ("id" bigserial primary key, "audience" "notification_audience" not null, "enterprise_id" bigint null, "kind" "notification_kind" not null, "severity" "notification_severity" not null default 'INFO', "title" text not null, "payload" jsonb not null, "dedupe_key" varchar(200) not null, "created_at" timestamptz not null, "delivery_status" "delivery_status" not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, "last_error" text null);`);
    this.addSql(`alter table "notification" add constraint "notification_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "notification_delivery_status_next_attempt_at_index" on "notification" ("delivery_status", "next_attempt_at");`);
    this.addSql(`create index "notification_enterprise_id_id_index" on "notification" ("enterprise_id", "id");`);

    this.addSql(`create table "penalty_decision" ("id" bigserial primary key, "inspection_id" bigint not null, "penalized" boolean not null, "legal_basis" text null, "amount_yuan" numeric(14,2) null, "no_penalty_reason" "no_penalty_reason" null, "note" text null, "decided_by" text not null, "decided_at" timestamptz not null);`);
    this.addSql(`alter table "penalty_decision" add constraint "penalty_decision_inspection_id_unique" unique ("inspection_id");`);

    this.addSql(`create table "product" ("id" bigserial primary key, "trace_code" varchar(25) not null, "enterprise_id" bigint not null, "chemical_serial" int not null, "product_number" int not null, "trade_name" text not null, "specification" text not null, "packaging" text not null, "unit" "unit" not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "product" add constraint "product_trace_code_unique" unique ("trace_code");`);
    this.addSql(`create index "product_chemical_serial_index" on "product" ("chemical_serial");`);
    this.addSql(`alter table "product" add constraint "product_enterprise_id_product_number_unique" unique ("enterprise_id", "product_number");`);

    this.addSql(`create table "publication" ("id" bigserial primary key, "kind" "publication_kind" not null, "period" varchar(7) not null, "content" jsonb not null, "published_at" timestamptz not null);`);
    this.addSql(`alter table "publication" add constraint "publication_kind_period_unique" unique ("kind", "period");`);

    this.addSql(`create table "risk_grade" ("id" bigserial primary key, "enterprise_id" bigint not null, "grade" "risk_grade_letter" not null, "previous_grade" "risk_grade_letter" null, "score" int not null, "treatment" "supervision_treatment" not null, "group_exempt" boolean not null default false, "reasons" jsonb not null, "window_start" timestamptz not null, "graded_at" timestamptz not null);`);
    this.addSql(`create index "risk_grade_enterprise_id_id_index" on "risk_grade" ("enterprise_id", "id");`);

    this.addSql(`create table "special_operation_certificate" ("id" bigserial primary key, "enterprise_id" bigint not null, "holder" text not null, "type" "special_operation_type" not null, "number" varchar(64) not null, "review_date" date not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "special_operation_certificate_review_date_index" on "special_operation_certificate" ("review_date");`);
    this.addSql(`alter table "special_operation_certificate" add constraint "special_operation_certificate_type_number_unique" unique ("type", "number");`);

    this.addSql(`create table "supervision_proposal" ("id" bigserial primary key, "enterprise_id" bigint not null, "kind" "proposal_kind" not null, "reason" "proposal_reason" not null, "detail" text not null, "status" "proposal_status" not null, "inspection_id" bigint null, "outcome" text null, "dedupe_key" varchar(200) not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "supervision_proposal" add constraint "supervision_proposal_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "supervision_proposal_status_id_index" on "supervision_proposal" ("status", "id");`);

    this.addSql(`create table "warehouse" ("id" bigserial primary key, "enterprise_id" bigint not null, "code" varchar(64) not null, "name" text not null, "address" text not null, "storage_type" "storage_type" not null, "capacity_tonnes" numeric(14,3) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "warehouse" add constraint "warehouse_enterprise_id_code_unique" unique ("enterprise_id", "code");`);

    this.addSql(`create table "ledger_balance" ("id" bigserial primary key, "enterprise_id" bigint not null, "warehouse_id" bigint not null, "product_id" bigint not null, "batch" varchar(64) not null, "quantity" numeric(24,3) not null, "updated_at" timestamptz not null, constraint ledger_balance_quantity_check check (quantity >= 0));`);
    this.addSql(`create index "ledger_balance_enterprise_id_index" on "ledger_balance" ("enterprise_id");`);
    this.addSql(`create index "ledger_balance_product_id_batch_index" on "ledger_balance" ("product_id", "batch");`);
    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_warehouse_id_product_id_batch_unique" unique ("warehouse_id", "product_id", "batch");`);

    this.addSql(`create table "major_hazard_flag" ("id" bigserial primary key, "warehouse_id" bigint not null, "sum" numeric(20,6) not null, "flagged" boolean not null, "flagged_since" timestamptz null, "computed_at" timestamptz not null);`);
    this.addSql(`alter table "major_hazard_flag" add constraint "major_hazard_flag_warehouse_id_unique" unique ("warehouse_id");`);

    this.addSql(`create table "ledger_entry" ("id" bigserial primary key, "version" smallint not null default 1, "chain" varchar(18) not null, "enterprise_id" bigint not null, "seq" int not null, "prev_hash" char(64) not null, "hash" char(64) not null, "canonical" text not null, "direction" "ledger_direction" not null, "reason" "ledger_reason" not null, "warehouse_id" bigint not null, "warehouse_code" varchar(64) not null, "product_id" bigint not null, "product_code" varchar(25) not null, "batch" varchar(64) not null, "quantity" numeric(18,3) not null, "unit" "unit" not null, "counterparty_code" varchar(18) null, "counterparty_id" bigint null, "source_hash" char(64) null, "source_entry_id" bigint null, "inputs" jsonb null, "corrects" char(64) null, "corrects_entry_id" bigint null, "transport_doc" varchar(64) null, "occurred_at" timestamptz not null, "recorded_at" timestamptz not null, "request_id" varchar(64) not null);`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_hash_unique" unique ("hash");`);
    this.addSql(`create index "ledger_entry_source_entry_id_index" on "ledger_entry" ("source_entry_id");`);
    this.addSql(`create index "ledger_entry_corrects_entry_id_index" on "ledger_entry" ("corrects_entry_id");`);
    this.addSql(`create index "ledger_entry_enterprise_id_occurred_at_index" on "ledger_entry" ("enterprise_id", "occurred_at");`);
    this.addSql(`create index "ledger_entry_product_id_batch_index" on "ledger_entry" ("product_id", "batch");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_chain_seq_unique" unique ("chain", "seq");`);

    this.addSql(`create table "ledger_shipment" ("id" bigserial primary key, "out_entry_id" bigint not null, "out_hash" char(64) not null, "sender_id" bigint not null, "sender_code" varchar(18) not null, "receiver_code" varchar(18) not null, "receiver_id" bigint null, "product_id" bigint not null, "product_code" varchar(25) not null, "batch" varchar(64) not null, "shipped" numeric(24,3) not null, "received" numeric(24,3) not null default '0', "cancelled" numeric(24,3) not null default '0', "in_transit" numeric(24,3) generated always as (shipped - received - cancelled) stored not null, "shipped_at" timestamptz not null, constraint ledger_shipment_quantities_check check (received >= 0 and cancelled >= 0 and received + cancelled <= shipped));`);
    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_out_entry_id_unique" unique ("out_entry_id");`);
    this.addSql(`create index "ledger_shipment_sender_id_index" on "ledger_shipment" ("sender_id");`);
    this.addSql(`create index "ledger_shipment_receiver_code_index" on "ledger_shipment" ("receiver_code");`);
    this.addSql(`create index "ledger_shipment_product_id_batch_index" on "ledger_shipment" ("product_id", "batch");`);

    this.addSql(`create table "ledger_production_input" ("id" bigserial primary key, "entry_id" bigint not null, "product_id" bigint not null, "batch" varchar(64) not null);`);
    this.addSql(`create index "ledger_production_input_entry_id_index" on "ledger_production_input" ("entry_id");`);
    this.addSql(`create index "ledger_production_input_product_id_batch_index" on "ledger_production_input" ("product_id", "batch");`);

    this.addSql(`create table "alert" ("id" bigserial primary key, "code" "alert_code" not null, "severity" "alert_severity" not null default 'NORMAL', "status" "alert_status" not null default 'OPEN', "enterprise_id" bigint not null, "chain" varchar(18) not null, "entry_id" bigint null, "entry_hash" varchar(64) null, "entry_seq" int not null, "chain_failure" varchar(32) null, "activity" "licence_activity" null, "chemical_serial" int null, "counterparty" varchar(18) null, "licence_id" bigint null, "message" text not null, "occurred_at" timestamptz null, "raised_at" timestamptz not null default now(), "acknowledged_at" timestamptz null, "acknowledged_by" text null, "resolved_at" timestamptz null, "resolved_by" text null, "resolution" text null);`);
    this.addSql(`create index "alert_severity_status_index" on "alert" ("severity", "status");`);
    this.addSql(`create index "alert_enterprise_id_status_index" on "alert" ("enterprise_id", "status");`);
    this.addSql(`alter table "alert" add constraint "alert_chain_entry_seq_chain_failure_unique" unique ("chain", "entry_seq", "chain_failure");`);
    this.addSql(`alter table "alert" add constraint "alert_entry_id_code_activity_unique" unique ("entry_id", "code", "activity");`);

    this.addSql(`alter table "enterprise" add constraint "enterprise_parent_id_foreign" foreign key ("parent_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "complaint" add constraint "complaint_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "accident" add constraint "accident_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "group_self_supervision" add constraint "group_self_supervision_group_id_foreign" foreign key ("group_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection" add constraint "inspection_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection" add constraint "inspection_plan_id_foreign" foreign key ("plan_id") references "enforcement_plan" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_checklist_item" add constraint "inspection_checklist_item_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_checklist_item_id_foreign" foreign key ("checklist_item_id") references "inspection_checklist_item" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "inspection_evaluation" add constraint "inspection_evaluation_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "ledger_chain" add constraint "ledger_chain_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "licence" add constraint "licence_holder_id_foreign" foreign key ("holder_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "licence_event" add constraint "licence_event_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "licence_scope_item" add constraint "licence_scope_item_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "licence_scope_item" add constraint "licence_scope_item_chemical_serial_foreign" foreign key ("chemical_serial") references "chemical" ("serial") on update cascade on delete restrict;`);

    this.addSql(`alter table "notification" add constraint "notification_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "penalty_decision" add constraint "penalty_decision_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "product" add constraint "product_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "product" add constraint "product_chemical_serial_foreign" foreign key ("chemical_serial") references "chemical" ("serial") on update cascade on delete restrict;`);

    this.addSql(`alter table "risk_grade" add constraint "risk_grade_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "special_operation_certificate" add constraint "special_operation_certificate_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "supervision_proposal" add constraint "supervision_proposal_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supervision_proposal" add constraint "supervision_proposal_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "warehouse" add constraint "warehouse_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "major_hazard_flag" add constraint "major_hazard_flag_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_product_id_foreign" foreign key ("product_id") references "product" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_counterparty_id_foreign" foreign key ("counterparty_id") references "enterprise" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_source_entry_id_foreign" foreign key ("source_entry_id") references "ledger_entry" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_corrects_entry_id_foreign" foreign key ("corrects_entry_id") references "ledger_entry" ("id") on update no action on delete restrict;`);

    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_out_entry_id_foreign" foreign key ("out_entry_id") references "ledger_entry" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_sender_id_foreign" foreign key ("sender_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_receiver_id_foreign" foreign key ("receiver_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "ledger_production_input" add constraint "ledger_production_input_entry_id_foreign" foreign key ("entry_id") references "ledger_entry" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_production_input" add constraint "ledger_production_input_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "alert" add constraint "alert_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "alert" add constraint "alert_entry_id_foreign" foreign key ("entry_id") references "ledger_entry" ("id") on update no action on delete restrict;`);
    this.addSql(`alter table "alert" add constraint "alert_chemical_serial_foreign" foreign key ("chemical_serial") references "chemical" ("serial") on update cascade on delete restrict;`);
    this.addSql(`alter table "alert" add constraint "alert_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "licence_scope_item" drop constraint "licence_scope_item_chemical_serial_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_chemical_serial_foreign";`);

    this.addSql(`alter table "alert" drop constraint "alert_chemical_serial_foreign";`);

    this.addSql(`alter table "inspection" drop constraint "inspection_plan_id_foreign";`);

    this.addSql(`alter table "enterprise" drop constraint "enterprise_parent_id_foreign";`);

    this.addSql(`alter table "complaint" drop constraint "complaint_enterprise_id_foreign";`);

    this.addSql(`alter table "accident" drop constraint "accident_enterprise_id_foreign";`);

    this.addSql(`alter table "group_self_supervision" drop constraint "group_self_supervision_group_id_foreign";`);

    this.addSql(`alter table "inspection" drop constraint "inspection_enterprise_id_foreign";`);

    this.addSql(`alter table "ledger_chain" drop constraint "ledger_chain_enterprise_id_foreign";`);

    this.addSql(`alter table "licence" drop constraint "licence_holder_id_foreign";`);

    this.addSql(`alter table "notification" drop constraint "notification_enterprise_id_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_enterprise_id_foreign";`);

    this.addSql(`alter table "risk_grade" drop constraint "risk_grade_enterprise_id_foreign";`);

    this.addSql(`alter table "special_operation_certificate" drop constraint "special_operation_certificate_enterprise_id_foreign";`);

    this.addSql(`alter table "supervision_proposal" drop constraint "supervision_proposal_enterprise_id_foreign";`);

    this.addSql(`alter table "warehouse" drop constraint "warehouse_enterprise_id_foreign";`);

    this.addSql(`alter table "ledger_balance" drop constraint "ledger_balance_enterprise_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_enterprise_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_counterparty_id_foreign";`);

    this.addSql(`alter table "ledger_shipment" drop constraint "ledger_shipment_sender_id_foreign";`);

    this.addSql(`alter table "ledger_shipment" drop constraint "ledger_shipment_receiver_id_foreign";`);

    this.addSql(`alter table "alert" drop constraint "alert_enterprise_id_foreign";`);

    this.addSql(`alter table "inspection_checklist_item" drop constraint "inspection_checklist_item_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_evaluation" drop constraint "inspection_evaluation_inspection_id_foreign";`);

    this.addSql(`alter table "penalty_decision" drop constraint "penalty_decision_inspection_id_foreign";`);

    this.addSql(`alter table "supervision_proposal" drop constraint "supervision_proposal_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_checklist_item_id_foreign";`);

    this.addSql(`alter table "licence_event" drop constraint "licence_event_licence_id_foreign";`);

    this.addSql(`alter table "licence_scope_item" drop constraint "licence_scope_item_licence_id_foreign";`);

    this.addSql(`alter table "alert" drop constraint "alert_licence_id_foreign";`);

    this.addSql(`alter table "ledger_balance" drop constraint "ledger_balance_product_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_product_id_foreign";`);

    this.addSql(`alter table "ledger_shipment" drop constraint "ledger_shipment_product_id_foreign";`);

    this.addSql(`alter table "ledger_production_input" drop constraint "ledger_production_input_product_id_foreign";`);

    this.addSql(`alter table "ledger_balance" drop constraint "ledger_balance_warehouse_id_foreign";`);

    this.addSql(`alter table "major_hazard_flag" drop constraint "major_hazard_flag_warehouse_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_warehouse_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_source_entry_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_corrects_entry_id_foreign";`);

    this.addSql(`alter table "ledger_shipment" drop constraint "ledger_shipment_out_entry_id_foreign";`);

    this.addSql(`alter table "ledger_production_input" drop constraint "ledger_production_input_entry_id_foreign";`);

    this.addSql(`alter table "alert" drop constraint "alert_entry_id_foreign";`);

    this.addSql(`drop table if exists "partner_audit_log" cascade;`);

    this.addSql(`drop table if exists "calendar_day" cascade;`);

    this.addSql(`drop table if exists "chemical" cascade;`);

    this.addSql(`drop table if exists "enforcement_plan" cascade;`);

    this.addSql(`drop table if exists "enterprise" cascade;`);

    this.addSql(`drop table if exists "complaint" cascade;`);

    this.addSql(`drop table if exists "accident" cascade;`);

    this.addSql(`drop table if exists "group_self_supervision" cascade;`);

    this.addSql(`drop table if exists "inspection" cascade;`);

    this.addSql(`drop table if exists "inspection_checklist_item" cascade;`);

    this.addSql(`drop table if exists "inspection_finding" cascade;`);

    this.addSql(`drop table if exists "inspection_evaluation" cascade;`);

    this.addSql(`drop table if exists "job_run" cascade;`);

    this.addSql(`drop table if exists "ledger_chain" cascade;`);

    this.addSql(`drop table if exists "ledger_request" cascade;`);

    this.addSql(`drop table if exists "licence" cascade;`);

    this.addSql(`drop table if exists "licence_event" cascade;`);

    this.addSql(`drop table if exists "licence_scope_item" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "penalty_decision" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "publication" cascade;`);

    this.addSql(`drop table if exists "risk_grade" cascade;`);

    this.addSql(`drop table if exists "special_operation_certificate" cascade;`);

    this.addSql(`drop table if exists "supervision_proposal" cascade;`);

    this.addSql(`drop table if exists "warehouse" cascade;`);

    this.addSql(`drop table if exists "ledger_balance" cascade;`);

    this.addSql(`drop table if exists "major_hazard_flag" cascade;`);

    this.addSql(`drop table if exists "ledger_entry" cascade;`);

    this.addSql(`drop table if exists "ledger_shipment" cascade;`);

    this.addSql(`drop table if exists "ledger_production_input" cascade;`);

    this.addSql(`drop table if exists "alert" cascade;`);

    this.addSql(`drop type "department";`);
    this.addSql(`drop type "audit_outcome";`);
    this.addSql(`drop type "enforcement_level";`);
    this.addSql(`drop type "plan_status";`);
    this.addSql(`drop type "industry_category";`);
    this.addSql(`drop type "enterprise_status";`);
    this.addSql(`drop type "complaint_status";`);
    this.addSql(`drop type "accident_severity";`);
    this.addSql(`drop type "inspection_type";`);
    this.addSql(`drop type "inspection_status";`);
    this.addSql(`drop type "checklist_result";`);
    this.addSql(`drop type "hazard_severity";`);
    this.addSql(`drop type "finding_status";`);
    this.addSql(`drop type "job_trigger";`);
    this.addSql(`drop type "job_run_status";`);
    this.addSql(`drop type "licence_type";`);
    this.addSql(`drop type "licence_state";`);
    this.addSql(`drop type "licence_event_type";`);
    this.addSql(`drop type "notification_audience";`);
    this.addSql(`drop type "notification_kind";`);
    this.addSql(`drop type "notification_severity";`);
    this.addSql(`drop type "delivery_status";`);
    this.addSql(`drop type "no_penalty_reason";`);
    this.addSql(`drop type "unit";`);
    this.addSql(`drop type "publication_kind";`);
    this.addSql(`drop type "risk_grade_letter";`);
    this.addSql(`drop type "supervision_treatment";`);
    this.addSql(`drop type "special_operation_type";`);
    this.addSql(`drop type "proposal_kind";`);
    this.addSql(`drop type "proposal_reason";`);
    this.addSql(`drop type "proposal_status";`);
    this.addSql(`drop type "storage_type";`);
    this.addSql(`drop type "ledger_direction";`);
    this.addSql(`drop type "ledger_reason";`);
    this.addSql(`drop type "alert_code";`);
    this.addSql(`drop type "alert_severity";`);
    this.addSql(`drop type "alert_status";`);
    this.addSql(`drop type "licence_activity";`);
  }

}
