import { Migration } from '@mikro-orm/migrations';

/** API keys (src/accounts/api-key.entity.ts), and the account events of their creation and revocation. */
export class Migration20261205134315_api_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" bigserial primary key, "name" text not null, "prefix" text not null, "secret_hash" text not null, "enterprise" varchar(18) null, "department" "department" null, "allowed_ranges" text[] not null, "created_by_user_id" bigint not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "last_used_at" timestamptz null, "last_used_address" text null, "revoked_at" timestamptz null, constraint api_key_owner_check check ((enterprise is null) <> (department is null)));`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_key_enterprise_index" on "api_key" ("enterprise");`);

    this.addSql(`alter type "account_action" add value if not exists 'KEY_CREATED' after 'REFRESH_REUSED';`);

    this.addSql(`alter type "account_action" add value if not exists 'KEY_REVOKED' after 'KEY_CREATED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
