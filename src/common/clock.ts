import { Injectable } from '@nestjs/common';

const londonCalendar = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date ('YYYY-MM-DD') of an instant in the Europe/London calendar. */
export function londonDate(instant: Date): string {
  return londonCalendar.format(instant);
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
