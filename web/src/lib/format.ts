import type { Language } from './i18n';

/** Dates and times are shown in Asia/Shanghai whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  // A LocalDate (YYYY-MM-DD) is already a Shanghai calendar day.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(new Date(iso));
}

/** A decimal string ("1234.500") with its unit's label: "1,234.5 千克". Kept as a string: quantities are exact to 3 decimals. */
export function formatQuantity(quantity: string | null | undefined, unitLabel: string): string {
  if (quantity == null) return '—';
  const [whole, fraction = ''] = quantity.split('.');
  const digits = fraction.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${digits ? `.${digits}` : ''} ${unitLabel}`;
}

/** The wall clock in Asia/Shanghai ("2026-11-26T16:30:00"), what date pickers show and the user means. */
export function shanghaiWallClock(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(date).replace(' ', 'T');
}

/** A Shanghai wall-clock time ("2026-11-26T16:30:00" or a day "2026-11-26") as the instant, ISO 8601 in UTC. */
export function fromShanghai(wallClock: string): string {
  const full = wallClock.length === 10 ? `${wallClock}T00:00:00` : wallClock;
  return new Date(`${full}+08:00`).toISOString();
}
