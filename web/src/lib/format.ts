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
