import { Injectable } from '@nestjs/common';

const londonCalendar = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The last second formatted (many fields of one response ask for today within it). */
let last = { second: NaN, date: '' };

/** The calendar date ('YYYY-MM-DD') of an instant in the Europe/London calendar. */
export function londonDate(instant: Date): string {
  // London's offsets are whole hours, so its date never changes within a whole second.
  const second = Math.floor(instant.getTime() / 1000);
  if (second !== last.second) last = { second, date: londonCalendar.format(instant) };
  return last.date;
}

/**
 * The one source of "now" and "today" (prices in force, financial years, stale listings).
 * Tests replace it to set the date.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today in the Europe/London calendar, as 'YYYY-MM-DD'. */
  today(): string {
    return londonDate(this.now());
  }
}

/** The instant a Europe/London calendar day ('YYYY-MM-DD') begins (midnight, GMT or BST). */
export function londonDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  // London is UTC or one hour ahead: midnight there is 23:00 UTC the day before in summer.
  const summer = new Date(Date.UTC(y, m - 1, d) - 3_600_000);
  return londonDate(summer) === day ? summer : new Date(Date.UTC(y, m - 1, d));
}
