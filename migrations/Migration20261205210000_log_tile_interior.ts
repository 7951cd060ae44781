import { Migration } from '@mikro-orm/migrations';

/**
 * Tiles keep their interior hashes (src/proof/tiles.ts tileInterior), so a
 * proof reads each subtree hash it needs with substring(): both columns are
 * stored out of line uncompressed (the hashes do not compress), so a slice
 * reads only its own TOAST chunk. A tile's interior follows its hashes while
 * it is partial and is fixed once it is full, as the hashes are; tiles written
 * before keep a null interior, which readers fold from the hashes.
 */
/** log_tile_only_grows as migration log_append_only made it, with `also` refused besides. */
const onlyGrows = (also: string) => `create or replace function log_tile_only_grows() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' or new.level <> old.level or new.idx <> old.idx
     or length(new.hashes) < length(old.hashes) or substring(new.hashes from 1 for length(old.hashes)) <> old.hashes${also} then
    raise exception 'log_tile only grows: % refused', tg_op using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;`;

export class Migration20261205210000_log_tile_interior extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "log_tile" add column "interior" bytea null;`);
    this.addSql(`alter table "log_tile" alter column "hashes" set storage external, alter column "interior" set storage external;`);
    this.addSql(onlyGrows(`
     or (length(old.hashes) = 8192 and old.interior is not null and new.interior is distinct from old.interior)`));
  }

  override async down(): Promise<void> {
    this.addSql(onlyGrows(''));
    this.addSql(`alter table "log_tile" alter column "hashes" set storage extended;`);
    this.addSql(`alter table "log_tile" drop column "interior";`);
  }

}
