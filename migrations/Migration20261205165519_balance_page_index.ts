import { Migration } from '@mikro-orm/migrations';

export class Migration20261205165519_balance_page_index extends Migration {

  // An enterprise's stock page (enterprise_id = ?, order by id, limit first + 1) walks this index; it
  // serves every lookup by enterprise_id the single-column index served. (The generator also proposed
  // changes to alert.tx and notification.tx that are not part of this change; they are left out.)
  override async up(): Promise<void> {
    this.addSql(`drop index "ledger_balance_enterprise_id_index";`);
    this.addSql(`create index "ledger_balance_enterprise_id_id_index" on "ledger_balance" ("enterprise_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ledger_balance_enterprise_id_id_index";`);
    this.addSql(`create index "ledger_balance_enterprise_id_index" on "ledger_balance" ("enterprise_id");`);
  }

}
