import { Migration } from '@mikro-orm/migrations';

const HISTORIES = ['log_leaf', 'log_checkpoint'];

/**
 * The log's tables keep what they were given: leaves and checkpoints refuse
 * UPDATE, DELETE and TRUNCATE (append_only_refusal, migration append_only); a
 * tile may only grow, its old hashes kept as a prefix. A superuser can still
 * disable these; the signed checkpoints held by witnesses are what catches that.
 */
export class Migration20261205112952_log_append_only extends Migration {
  override async up(): Promise<void> {
    for (const table of HISTORIES) {
      this.addSql(`create trigger ${table}_no_update_delete before update or delete on "${table}" for each row execute function append_only_refusal();`);
      this.addSql(`create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function append_only_refusal();`);
    }
    this.addSql(`create function log_tile_only_grows() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' or new.level <> old.level or new.idx <> old.idx
     or length(new.hashes) < length(old.hashes) or substring(new.hashes from 1 for length(old.hashes)) <> old.hashes then
    raise exception 'log_tile only grows: % refused', tg_op using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger log_tile_only_grows before update or delete on "log_tile" for each row execute function log_tile_only_grows();`);
    this.addSql(`create trigger log_tile_no_truncate before truncate on "log_tile" for each statement execute function append_only_refusal();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists log_tile_no_truncate on "log_tile";`);
    this.addSql(`drop trigger if exists log_tile_only_grows on "log_tile";`);
    this.addSql(`drop function if exists log_tile_only_grows();`);
    for (const table of HISTORIES) {
      this.addSql(`drop trigger if exists ${table}_no_truncate on "${table}";`);
      this.addSql(`drop trigger if exists ${table}_no_update_delete on "${table}";`);
    }
  }
}
