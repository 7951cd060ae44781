import { Migration } from '@mikro-orm/migrations';

export class Migration20261205131114_shipment_scans extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ledger_shipment" add column "closed_at" timestamptz null, add column "shortfall" numeric(24,3) null;`);

    this.addSql(`alter type "alert_code" add value if not exists 'RECEIPT_SHORTFALL' after 'CHAIN_BROKEN';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ledger_shipment" drop column "closed_at", drop column "shortfall";`);
  }

}
