import { Migration } from '@mikro-orm/migrations';

export class Migration20261126112357_registry extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "enforcement_level" as enum ('CITY', 'DISTRICT', 'TOWN');`);
    this.addSql(`create type "industry_category" as enum ('HAZCHEM_PRODUCTION', 'HAZCHEM_TRADE', 'HAZCHEM_USE', 'INDUSTRY_AND_TRADE', 'OTHER');`);
    this.addSql(`create type "enterprise_status" as enum ('ACTIVE', 'SUSPENDED', 'CLOSED');`);
    this.addSql(`create type "unit" as enum ('KG', 'T', 'L', 'M3');`);
    this.addSql(`create type "storage_type" as enum ('WAREHOUSE', 'TANK_FARM', 'YARD', 'CYLINDER_STORE', 'OTHER');`);
    this.addSql(`create table "chemical" ("serial" int not null, "name" text not null, "variants" text[] not null, "aliases" text[] not null, "cas_numbers" text[] not null, "highly_toxic" boolean not null, "explosive_precursor" boolean not null, "precursor_serial" text null, "threshold_tonnes" numeric(12,3) null, constraint "chemical_pkey" primary key ("serial"));`);

    this.addSql(`create table "enterprise" ("id" bigserial primary key, "credit_code" varchar(18) not null, "name" text not null, "address" text not null, "town" text not null, "enforcement_level" "enforcement_level" not null, "industry" "industry_category" not null, "parent_id" bigint null, "status" "enterprise_status" not null default 'ACTIVE', "key_unit" boolean not null default false, "last_product_number" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "enterprise" add constraint "enterprise_credit_code_unique" unique ("credit_code");`);
    this.addSql(`create index "enterprise_town_index" on "enterprise" ("town");`);

    this.addSql(`create table "product" ("id" bigserial primary key, "trace_code" varchar(25) not null, "enterprise_id" bigint not null, "chemical_serial" int not null, "product_number" int not null, "trade_name" text not null, "specification" text not null, "packaging" text not null, "unit" "unit" not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "product" add constraint "product_trace_code_unique" unique ("trace_code");`);
    this.addSql(`create index "product_chemical_serial_index" on "product" ("chemical_serial");`);
    this.addSql(`alter table "product" add constraint "product_enterprise_id_product_number_unique" unique ("enterprise_id", "product_number");`);

    this.addSql(`create table "warehouse" ("id" bigserial primary key, "enterprise_id" bigint not null, "code" varchar(64) not null, "name" text not null, "address" text not null, "storage_type" "storage_type" not null, "capacity_tonnes" numeric(14,3) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "warehouse" add constraint "warehouse_enterprise_id_code_unique" unique ("enterprise_id", "code");`);

    this.addSql(`alter table "enterprise" add constraint "enterprise_parent_id_foreign" foreign key ("parent_id") references "enterprise" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "product" add constraint "product_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "product" add constraint "product_chemical_serial_foreign" foreign key ("chemical_serial") references "chemical" ("serial") on update cascade on delete restrict;`);

    this.addSql(`alter table "warehouse" add constraint "warehouse_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "product" drop constraint "product_chemical_serial_foreign";`);

    this.addSql(`alter table "enterprise" drop constraint "enterprise_parent_id_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_enterprise_id_foreign";`);

    this.addSql(`alter table "warehouse" drop constraint "warehouse_enterprise_id_foreign";`);

    this.addSql(`drop table if exists "chemical" cascade;`);

    this.addSql(`drop table if exists "enterprise" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "warehouse" cascade;`);

    this.addSql(`drop type "enforcement_level";`);
    this.addSql(`drop type "industry_category";`);
    this.addSql(`drop type "enterprise_status";`);
    this.addSql(`drop type "unit";`);
    this.addSql(`drop type "storage_type";`);
  }

}
