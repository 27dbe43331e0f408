import type { Environment } from 'nunjucks';

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "£450.00" from integer pence. */
export function formatPence(pence: number | null | undefined): string {
  return typeof pence === 'number' ? pounds.format(pence / 100) : '';
}

/** "1 April 2026" from a Date scalar (YYYY-MM-DD) or a DateTime. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? '' : longDate.format(date);
}

const dateAndTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

/** "1 April 2026 at 2:30pm" from a DateTime, in Europe/London. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const parts = dateAndTime.formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}${part('dayPeriod').toLowerCase()}`;
}

/** "SUPPLY_CHAIN_MANAGER" → "Supply chain manager": an enum value in words. */
export function formatEnum(value: string | null | undefined): string {
  if (!value) return '';
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const UNIT_WORDS: Record<string, string> = {
  PER_REFERRAL: 'per referral',
  PER_SESSION: 'per session',
  PER_HOUR: 'per hour',
  PER_DAY: 'per day',
};

/** "per session" from PER_SESSION. */
export function formatPriceUnit(unit: string | null | undefined): string {
  return unit ? (UNIT_WORDS[unit] ?? formatEnum(unit).toLowerCase()) : '';
}

const KIND_WORDS: Record<string, string> = {
  CRC: 'Community Rehabilitation Company',
  VOLUNTARY_SECTOR: 'Voluntary sector',
  PRIVATE: 'Private company',
  PUBLIC_SECTOR: 'Public sector',
  PCC: 'Police and Crime Commissioner',
  LOCAL_AUTHORITY: 'Local authority',
  HEALTH: 'Health',
};

/** A kind of provider in words ("Community Rehabilitation Company" for CRC). */
export function formatProviderKind(kind: string | null | undefined): string {
  return kind ? (KIND_WORDS[kind] ?? formatEnum(kind)) : '';
}

/** A refusal's messages by field, as the pages show them. */
export interface FieldMessage {
  field: string;
  message: string;
  /** Where the summary links when the field is on another page (check answers). */
  href?: string;
}

/** The error summary's list: each message linking to its field. */
export function errorSummaryItems(
  errors: FieldMessage[] | undefined,
): { text: string; href: string }[] {
  return (errors ?? []).map((e) => ({ text: e.message, href: e.href ?? `#${e.field}` }));
}

/** The message to show on one field, in the shape GOV.UK components take, or false. */
export function errorFor(
  errors: FieldMessage[] | undefined,
  field: string,
): { text: string } | false {
  const error = (errors ?? []).find((e) => e.field === field);
  return error ? { text: error.message } : false;
}

export function registerFilters(environment: Environment): void {
  environment.addGlobal('errorSummaryItems', errorSummaryItems);
  environment.addGlobal('errorFor', errorFor);
  environment.addFilter('pence', formatPence);
  environment.addFilter('date', formatDate);
  environment.addFilter('dateTime', formatDateTime);
  environment.addFilter('enumWords', formatEnum);
  environment.addFilter('priceUnit', formatPriceUnit);
  environment.addFilter('providerKind', formatProviderKind);
}
