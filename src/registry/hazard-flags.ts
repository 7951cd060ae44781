import { Chemical } from './chemical.entity';

/**
 * The hazard marks a package and its public page carry: 剧毒 (highly toxic), 易制爆 (explosive
 * precursor) and the GB 18218-2018 critical quantity of a major hazard source, where the catalogue
 * gives one.
 */
export function hazardFlags(chemical: Pick<Chemical, 'highlyToxic' | 'explosivePrecursor' | 'thresholdTonnes'>): string[] {
  const flags: string[] = [];
  if (chemical.highlyToxic) flags.push('剧毒');
  if (chemical.explosivePrecursor) flags.push('易制爆');
  if (chemical.thresholdTonnes != null) flags.push(`重大危险源临界量 ${Number(chemical.thresholdTonnes)} t`);
  return flags;
}
