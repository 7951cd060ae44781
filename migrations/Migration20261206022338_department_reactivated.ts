import { Migration } from '@mikro-orm/migrations';

export class Migration20261206022338_department_reactivated extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "department_action" add value if not exists 'REACTIVATED' after 'DEACTIVATED';`);
  }

}
