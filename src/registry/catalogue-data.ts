import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '../shared/project-root';

/** A row of the `chemical` table, built from the official lists in data/ (see data/README.md). */
export interface CatalogueEntry {
  serial: number;
  name: string;
  variants: string[];
  aliases: string[];
  cas_numbers: string[];
  highly_toxic: boolean;
  explosive_precursor: boolean;
  precursor_serial: string | null;
  threshold_tonnes: string | null;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(projectRoot(), 'data', file), 'utf8'), { columns: true, skip_empty_lines: true });
}

const list = (value: string): string[] => (value ? value.split(';').map((s) => s.trim()).filter(Boolean) : []);
const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * Joins the 2015 catalogue (one entry per serial, variant rows folded in) with
 * the 2017 explosive-precursor list and GB 18218-2018 table 1, by CAS number
 * and, for rows without one, by name or alias.
 */
export function loadCatalogue(): CatalogueEntry[] {
  const bySerial = new Map<number, Record<string, string>[]>();
  for (const row of readCsv('hazchem-catalog-2015.csv')) {
    const serial = Number(row.serial);
    bySerial.set(serial, [...(bySerial.get(serial) ?? []), row]);
  }
  const precursors = readCsv('explosive-precursors-2017.csv');
  const thresholds = readCsv('gb18218-2018-table1.csv');

  return [...bySerial.entries()].map(([serial, rows]) => {
    const names = unique(rows.map((r) => r.name));
    const aliases = unique(rows.flatMap((r) => list(r.aliases)));
    const cas = unique(rows.flatMap((r) => list(r.cas)));
    const matches = (other: Record<string, string>) => {
      const otherCas = list(other.cas);
      if (otherCas.length > 0) return otherCas.some((c) => cas.includes(c));
      const otherNames = [other.name, ...list(other.aliases)];
      return otherNames.some((n) => names.includes(n) || aliases.includes(n));
    };
    const precursor = precursors.find(matches);
    const limits = thresholds.filter(matches).map((t) => Number(t.threshold_t));
    return {
      serial,
      name: names[0],
      variants: names.slice(1),
      aliases,
      cas_numbers: cas,
      highly_toxic: rows.some((r) => r.highly_toxic === 'true'),
      explosive_precursor: precursor !== undefined,
      precursor_serial: precursor?.serial ?? null,
      threshold_tonnes: limits.length > 0 ? Math.min(...limits).toFixed(3) : null,
    };
  });
}
