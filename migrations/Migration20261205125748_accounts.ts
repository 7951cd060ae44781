import { Migration } from '@mikro-orm/migrations';

/** Accounts (src/accounts): users, their sign-ins and refresh tokens, and the account events; sign_in and account_event append-only. */
export class Migration20261205125748_accounts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "account_action" as enum ('CREATED', 'UPDATED', 'ROLE_CHANGED', 'PASSWORD_CHANGED', 'DISABLED', 'ENABLED', 'SESSIONS_REVOKED', 'REFRESH_REUSED');`);
    this.addSql(`create type "sign_in_outcome" as enum ('SUCCEEDED', 'WRONG_CREDENTIALS', 'DISABLED', 'RATE_LIMITED');`);
    this.addSql(`create type "role" as enum ('ADMIN', 'REGULATOR', 'PARTNER', 'ENTERPRISE');`);
    this.addSql(`create table "account_event" ("id" bigserial primary key, "at" timestamptz not null, "actor" text not null, "user_id" bigint not null, "action" "account_action" not null, "details" jsonb not null);`);
    this.addSql(`create index "account_event_at_index" on "account_event" ("at");`);
    this.addSql(`create index "account_event_user_id_at_index" on "account_event" ("user_id", "at");`);

    this.addSql(`create table "refresh_token" ("id" bigserial primary key, "token_hash" text not null, "family" uuid not null, "user_id" bigint not null, "epoch" int not null, "issued_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_token_user_id_index" on "refresh_token" ("user_id");`);
    this.addSql(`create index "refresh_token_family_index" on "refresh_token" ("family");`);

    this.addSql(`create table "sign_in" ("id" bigserial primary key, "at" timestamptz not null, "login_name" text not null, "user_id" bigint null, "address" text not null, "outcome" "sign_in_outcome" not null);`);
    this.addSql(`create index "sign_in_user_id_index" on "sign_in" ("user_id");`);
    this.addSql(`create index "sign_in_address_at_index" on "sign_in" ("address", "at");`);
    this.addSql(`create index "sign_in_login_name_at_index" on "sign_in" ("login_name", "at");`);

    this.addSql(`create table "users" ("id" bigserial primary key, "login_name" text not null, "display_name" text not null, "role" "role" not null, "level" "enforcement_level" null, "town" text null, "department" "department" null, "enterprise" varchar(18) null, "password_hash" text not null, "disabled_at" timestamptz null, "session_epoch" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint users_role_fields_check check ((role = 'ADMIN' and level is null and town is null and department is null and enterprise is null)
 or (role = 'REGULATOR' and level is not null and (town is not null) = (level = 'TOWN') and department is null and enterprise is null)
 or (role = 'PARTNER' and department is not null and level is null and town is null and enterprise is null)
 or (role = 'ENTERPRISE' and enterprise is not null and level is null and town is null and department is null)));`);
    this.addSql(`alter table "users" add constraint "users_login_name_unique" unique ("login_name");`);
    this.addSql(`create index "users_enterprise_index" on "users" ("enterprise");`);

    // Written by hand: sign-ins and account events are kept as they were written (append_only_refusal, migration append_only).
    for (const table of ['sign_in', 'account_event']) {
      this.addSql(`create trigger ${table}_no_update_delete before update or delete on "${table}" for each row execute function append_only_refusal();`);
      this.addSql(`create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function append_only_refusal();`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_event" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "sign_in" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop type "account_action";`);
    this.addSql(`drop type "sign_in_outcome";`);
    this.addSql(`drop type "role";`);
  }

}
