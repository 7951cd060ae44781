import { Migration } from '@mikro-orm/migrations';

export class Migration20261205135128_traceability_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "batch_product_code_batch_number_index" on "batch" ("product_code", "batch_number");`);

    this.addSql(`alter type "alert_code" add value if not exists 'OVER_CAPACITY' after 'RECEIPT_SHORTFALL';`);

    this.addSql(`alter type "alert_code" add value if not exists 'BATCH_EXPIRED' after 'OVER_CAPACITY';`);

    this.addSql(`alter type "alert_code" add value if not exists 'UNKNOWN_BATCH_SOURCE' after 'BATCH_EXPIRED';`);

    this.addSql(`alter type "alert_code" add value if not exists 'TRANSPORT_DOC_MISSING' after 'UNKNOWN_BATCH_SOURCE';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "batch_product_code_batch_number_index";`);
  }

}
