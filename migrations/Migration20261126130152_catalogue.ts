import { Migration } from '@mikro-orm/migrations';
import { loadCatalogue } from '../src/registry/catalogue-data';

/** Loads the chemical catalogue from data/ so every new database has it. */
export class Migration20261126130152_catalogue extends Migration {
  override async up(): Promise<void> {
    // One statement: the rows travel as a JSON document, dollar-quoted so no character needs escaping.
    const json = JSON.stringify(loadCatalogue());
    if (json.includes('$catalogue$')) throw new Error('catalogue text contains the quote tag');
    this.addSql(`insert into "chemical" (serial, name, variants, aliases, cas_numbers, highly_toxic, explosive_precursor, precursor_serial, threshold_tonnes)
      select * from jsonb_to_recordset($catalogue$${json}$catalogue$::jsonb)
        as x(serial int, name text, variants text[], aliases text[], cas_numbers text[], highly_toxic boolean,
             explosive_precursor boolean, precursor_serial text, threshold_tonnes numeric(12,3));`);
  }

  override async down(): Promise<void> {
    this.addSql('delete from "chemical";');
  }
}
