import { Migration } from '@mikro-orm/migrations';
import { ALPHABET } from '../src/proof/mod31';
import { shipmentCodeCheckCharacter } from '../src/proof/shipment-code';

/** The code a shipment got before codes were drawn: its id in 7 base-31 characters and a check character. */
function numberedCode(id: bigint): string {
  let data = '';
  for (let n = id, i = 0; i < 7; i++, n /= 31n) data = ALPHABET[Number(n % 31n)] + data;
  return data + shipmentCodeCheckCharacter(data);
}

/**
 * Shipment codes are drawn at random (src/proof/shipment-code.ts) and kept,
 * instead of being the shipment's id written in base 31, which anyone holding
 * one code could count on from. Shipments made before keep the code printed
 * on their transport documents.
 */
export class Migration20261206042000_shipment_codes extends Migration {

  override async up(): Promise<void> {
    const shipments = await this.execute('select id::text as id from ledger_shipment');
    this.addSql(`alter table "ledger_shipment" add column "code" varchar(10) null;`);
    if (shipments.length > 0) {
      const codes = shipments.map((s) => ({ id: String(s.id), code: numberedCode(BigInt(String(s.id))) }));
      this.addSql(`update "ledger_shipment" s set "code" = c.code from json_to_recordset('${JSON.stringify(codes)}'::json) as c(id bigint, code text) where s.id = c.id;`);
    }
    this.addSql(`alter table "ledger_shipment" alter column "code" set not null;`);
    this.addSql(`alter table "ledger_shipment" add constraint "ledger_shipment_code_unique" unique ("code");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ledger_shipment" drop constraint "ledger_shipment_code_unique";`);
    this.addSql(`alter table "ledger_shipment" drop column "code";`);
  }

}
