import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113614_ledger_in_transit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "inspection_evaluation" drop constraint inspection_evaluation_rating_check;`);

    this.addSql(`alter table "inspection_evaluation" add constraint inspection_evaluation_rating_check check(rating between 1 and 5);`);

    this.addSql(`alter table "ledger_shipment" add column "in_transit" numeric(24,3) generated always as (shipped - received - cancelled) stored not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inspection_evaluation" drop constraint inspection_evaluation_rating_check;`);

    this.addSql(`alter table "inspection_evaluation" add constraint inspection_evaluation_rating_check check((rating >= 1) AND (rating <= 5));`);

    this.addSql(`alter table "ledger_shipment" drop column "in_transit";`);
  }

}
