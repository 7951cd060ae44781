import { Migration } from '@mikro-orm/migrations';

export class Migration20261205112943_transparency_log extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "log_checkpoint" ("size" bigint not null, "root" varchar(44) not null, "note" text not null, "created_at" timestamptz not null, constraint "log_checkpoint_pkey" primary key ("size"));`);

    this.addSql(`create table "log_leaf" ("log_index" bigint not null, "entry_id" bigint not null, "chain" varchar(18) not null, "seq" int not null, constraint "log_leaf_pkey" primary key ("log_index"));`);
    this.addSql(`alter table "log_leaf" add constraint "log_leaf_entry_id_unique" unique ("entry_id");`);
    this.addSql(`alter table "log_leaf" add constraint "log_leaf_chain_seq_unique" unique ("chain", "seq");`);

    this.addSql(`create table "log_tile" ("level" smallint not null, "idx" bigint not null, "hashes" bytea not null, constraint "log_tile_pkey" primary key ("level", "idx"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "log_checkpoint" cascade;`);

    this.addSql(`drop table if exists "log_leaf" cascade;`);

    this.addSql(`drop table if exists "log_tile" cascade;`);
  }

}
