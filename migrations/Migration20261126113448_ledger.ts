import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113448_ledger extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "ledger_direction" as enum ('IN', 'OUT');`);
    this.addSql(`create type "ledger_reason" as enum ('PRODUCTION', 'PURCHASE', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'SALE', 'TRANSFER_OUT', 'CONSUMPTION', 'DISPOSAL', 'RETURN_OUT', 'EXPORT', 'CORRECTION');`);
    this.addSql(`create table "ledger_chain" ("chain" varchar(18) not null, "enterprise_id" bigint not null, "last_seq" int not null default 0, "last_hash" char(64) not null, constraint "ledger_chain_pkey" primary key ("chain"));`);
    this.addSql(`alter table "ledger_chain" add constraint "ledger_chain_enterprise_id_unique" unique ("enterprise_id");`);

    this.addSql(`create table "ledger_request" ("chain" varchar(18) not null, "request_id" varchar(64) not null, "digest" char(64) not null, "first_seq" int not null, "entry_count" int not null, "recorded_at" timestamptz not null, constraint "ledger_request_pkey" primary key ("chain", "request_id"));`);

    this.addSql(`create table "ledger_balance" ("id" bigserial primary key, "enterprise_id" bigint not null, "warehouse_id" bigint not null, "product_id" bigint not null, "batch" varchar(64) not null, "quantity" numeric(24,3) not null, "updated_at" timestamptz not null, constraint ledger_balance_quantity_check check (quantity >= 0));`);
    this.addSql(`create index "ledger_balance_enterprise_id_index" on "ledger_balance" ("enterprise_id");`);
    this.addSql(`create index "ledger_balance_product_id_batch_index" on "ledger_balance" ("product_id", "batch");`);
    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_warehouse_id_product_id_batch_unique" unique ("warehouse_id", "product_id", "batch");`);

    this.addSql(`create table "ledger_entry" ("id" bigserial primary key, "version" smallint not null default 1, "chain" varchar(18) not null, "enterprise_id" bigint not null, "seq" int not null, "prev_hash" char(64) not null, "hash" char(64) not null, "canonical" text not null, "direction" "ledger_direction" not null, "reason" "ledger_reason" not null, "warehouse_id" bigint not null, "warehouse_code" varchar(64) not null, "product_id" bigint not null, "product_code" varchar(25) not null, "batch" varchar(64) not null, "quantity" numeric(18,3) not null, "unit" "unit" not null, "counterparty_code" varchar(18) null, "counterparty_id" bigint null, "source_hash" char(64) null, "source_entry_id" bigint null, "inputs" jsonb null, "corrects" char(64) null, "corrects_entry_id" bigint null, "transport_doc" varchar(64) null, "occurred_at" timestamptz not null, "recorded_at" timestamptz not null, "request_id" varchar(64) not null);`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_hash_unique" unique ("hash");`);
    this.addSql(`create index "ledger_entry_source_entry_id_index" on "ledger_entry" ("source_entry_id");`);
    this.addSql(`create index "ledger_entry_corrects_entry_id_index" on "ledger_entry" ("corrects_entry_id");`);
    this.addSql(`create index "ledger_entry_enterprise_id_occurred_at_index" on "ledger_entry" ("enterprise_id", "occurred_at");`);
    this.addSql(`create index "ledger_entry_product_id_batch_index" on "ledger_entry" ("product_id", "batch");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_chain_seq_unique" unique ("chain", "seq");`);

    this.addSql(`create table "ledger_shipment" ("id" bigserial primary key, "out_entry_id" bigint not null, "out_hash" char(64) not null, "sender_id" bigint not null, "sender_code" varchar(18) not null, "receiver_code" varchar(18) not null, "receiver_id" bigint null, "product_id" bigint not null, "product_code" varchar(25) not null, "batch" varchar(64) not null, "shipped" numeric(24,3) not null, "received" numeric(24,3) not null default '0', "cancelled" numeric(24,3) not null default '0', "shipped_at" timestamptz not null, constraint ledger_shipment_quantities_check check (received >= 0 and cancelled >= 0 and received + cancelled <= shipped));`);
    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_out_entry_id_unique" unique ("out_entry_id");`);
    this.addSql(`create index "ledger_shipment_sender_id_index" on "ledger_shipment" ("sender_id");`);
    this.addSql(`create index "ledger_shipment_receiver_code_index" on "ledger_shipment" ("receiver_code");`);
    this.addSql(`create index "ledger_shipment_product_id_batch_index" on "ledger_shipment" ("product_id", "batch");`);

    this.addSql(`create table "ledger_production_input" ("id" bigserial primary key, "entry_id" bigint not null, "product_id" bigint not null, "batch" varchar(64) not null);`);
    this.addSql(`create index "ledger_production_input_entry_id_index" on "ledger_production_input" ("entry_id");`);
    this.addSql(`create index "ledger_production_input_product_id_batch_index" on "ledger_production_input" ("product_id", "batch");`);

    this.addSql(`alter table "ledger_chain" add constraint "ledger_chain_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "ledger_balance" add constraint "ledger_balance_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

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
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_source_entry_id_foreign";`);

    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_corrects_entry_id_foreign";`);

    this.addSql(`alter table "ledger_shipment" drop constraint "ledger_shipment_out_entry_id_foreign";`);

    this.addSql(`alter table "ledger_production_input" drop constraint "ledger_production_input_entry_id_foreign";`);

    this.addSql(`drop table if exists "ledger_chain" cascade;`);

    this.addSql(`drop table if exists "ledger_request" cascade;`);

    this.addSql(`drop table if exists "ledger_balance" cascade;`);

    this.addSql(`drop table if exists "ledger_entry" cascade;`);

    this.addSql(`drop table if exists "ledger_shipment" cascade;`);

    this.addSql(`drop table if exists "ledger_production_input" cascade;`);

    this.addSql(`drop type "ledger_direction";`);
    this.addSql(`drop type "ledger_reason";`);
  }

}
