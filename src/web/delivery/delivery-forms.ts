import { FieldMessage } from '../view-filters';

/** A form's fields as the browser posts them: text, or several values for repeated names. */
export type PostedForm = Record<string, string | string[] | undefined>;

/** One posted value, trimmed ('' when missing; the first when repeated). */
export function text(form: PostedForm, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** What a form read: the API's variables, or the fields the page could not read at all. */
export type ReadForm<T> =
  { value: T; errors?: undefined } | { value?: undefined; errors: FieldMessage[] };

/** The offset of Europe/London from UTC at an instant, in milliseconds. */
function londonOffsetMs(at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return wall - Math.floor(at / 60_000) * 60_000;
}

/** The instant a wall-clock time in Europe/London names (the later one when clocks go back). */
export function londonInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let at = wall - londonOffsetMs(wall);
  const corrected = londonOffsetMs(at);
  if (wall - corrected !== at) at = wall - corrected;
  return new Date(at);
}

const TIME = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i;

/**
 * A GOV.UK date input (`<name>-day`, `-month`, `-year`) and a time field (`<name>Time`, e.g.
 * "14:30" or "2:30pm"), read as the instant they name in Europe/London. Only what the page must
 * read to ask the API at all is checked here; whether the time is allowed is the API's rule.
 */
export function readDateTime(form: PostedForm, name: string, what: string): ReadForm<Date> {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => text(form, `${name}-${part}`));
  const time = text(form, `${name}Time`);
  const errors: FieldMessage[] = [];
  const numbers = [day, month, year].map((v) => (/^\d{1,4}$/.test(v) ? Number(v) : NaN));
  const [d, m, y] = numbers;
  if (!day && !month && !year) {
    errors.push({ field: `${name}-day`, message: `Enter the date ${what}` });
  } else if (
    numbers.some(Number.isNaN) ||
    y < 1000 ||
    new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d ||
    m < 1 ||
    m > 12
  ) {
    errors.push({ field: `${name}-day`, message: `The date ${what} must be a real date` });
  }
  const clock = TIME.exec(time);
  let hour = clock ? Number(clock[1]) : NaN;
  const minute = clock?.[2] ? Number(clock[2]) : 0;
  const half = clock?.[3]?.toLowerCase();
  if (half) hour = hour === 12 ? (half === 'am' ? 0 : 12) : half === 'pm' ? hour + 12 : hour;
  if (!time) {
    errors.push({ field: `${name}Time`, message: `Enter the time ${what}` });
  } else if (
    !clock ||
    hour > 23 ||
    minute > 59 ||
    (half && (Number(clock[1]) < 1 || Number(clock[1]) > 12))
  ) {
    errors.push({
      field: `${name}Time`,
      message: 'Enter the time as hours and minutes, for example 14:30 or 2:30pm',
    });
  }
  if (errors.length > 0) return { errors };
  return { value: londonInstant(y, m, d, hour, minute) };
}

/** A whole number typed into a field, or the page's message when it is not one. */
export function readWholeNumber(
  form: PostedForm,
  name: string,
  missing: string,
  notANumber: string,
): ReadForm<number> {
  const value = text(form, name);
  if (!value) return { errors: [{ field: name, message: missing }] };
  if (!/^\d{1,6}$/.test(value)) return { errors: [{ field: name, message: notANumber }] };
  return { value: Number(value) };
}

/** A textarea with one entry per line, blank lines left out. */
export function lines(form: PostedForm, name: string): string[] {
  return text(form, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * The API's field paths as the form's field ids: `input.startsAt` → `startsAt-day` (a date
 * input's first box), `input.activities.2` → `activities`, `input.outcomes.1.achievement` →
 * `outcome-1`; a path the form has no field for goes to `fallback`.
 */
export function formFieldOf(path: string, fields: readonly string[], fallback: string): string {
  const bare = path.replace(/^input\./, '');
  const outcome = /^outcomes\.(\d+)\b/.exec(bare);
  if (outcome && fields.includes(`outcome-${outcome[1]}`)) return `outcome-${outcome[1]}`;
  const first = bare.split('.')[0];
  if (fields.includes(`${first}-day`)) return `${first}-day`;
  return fields.includes(first) ? first : fallback;
}

/** An instant as a date input and time field show it, in UK time: what `readDateTime` reads. */
export function dateTimeFields(value: string, name: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(value));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    [`${name}-day`]: String(Number(part('day'))),
    [`${name}-month`]: String(Number(part('month'))),
    [`${name}-year`]: part('year'),
    [`${name}Time`]: `${part('hour')}:${part('minute')}`,
  };
}
