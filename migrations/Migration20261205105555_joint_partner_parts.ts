import { Migration } from '@mikro-orm/migrations';

export class Migration20261205105555_joint_partner_parts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "inspection_checklist_item" add column "department" "department" null;`);

    this.addSql(`alter table "inspection_finding" add column "department" "department" null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inspection_checklist_item" drop column "department";`);

    this.addSql(`alter table "inspection_finding" drop column "department";`);
  }

}
