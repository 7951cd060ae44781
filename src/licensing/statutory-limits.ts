import { LicenceType } from './licensing.enums';

/**
 * The statutory time limit for deciding an application, in working days, per
 * licence type. Sources and assumptions: docs/licensing.md ("Processing time").
 */
export const STATUTORY_WORKING_DAYS: Readonly<Record<LicenceType, number>> = {
  /** 危险化学品经营许可证管理办法 (原安监总局令第55号) 第十六条: 30 日. */
  [LicenceType.HAZCHEM_BUSINESS]: 30,
  /** 安全生产许可证条例 第七条: 45 日. */
  [LicenceType.SAFETY_PRODUCTION]: 45,
  /** 危险化学品安全使用许可证实施办法 (原安监总局令第57号): 45 日. */
  [LicenceType.SAFE_USE]: 45,
  /** 危险化学品安全管理条例 第四十条: 公安机关 3 日. */
  [LicenceType.HIGHLY_TOXIC_PURCHASE]: 3,
};

/** 行政许可法 第四十二条: the baseline when a rule sets no limit of its own. */
export const BASELINE_WORKING_DAYS = 20;

/** The bureau's public notice: decisions at least 60 % faster than the statutory limit. */
export const COMMITTED_REDUCTION = 0.6;

/** A licence is valid for 3 years unless the decision says otherwise. */
export const DEFAULT_VALIDITY_YEARS = 3;
