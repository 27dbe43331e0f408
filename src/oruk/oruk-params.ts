import { BadUserInputError, FieldError } from '../common/errors';
import { isCalendarDay } from '../common/validators';
import { UUID } from './oruk-ids';

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;
/** Proximity searches reach at most this far (metres): the length of Great Britain. */
export const MAX_PROXIMITY_METRES = 1_000_000;

export interface Paging {
  page: number;
  perPage: number;
}

export interface ServiceFilters {
  search?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  organizationId?: string;
  modifiedAfter?: Date;
  minimumAge?: number;
  maximumAge?: number;
}

export interface LocationFilters extends ServiceFilters {
  postcode?: string;
  proximityMetres?: number;
}

type Query = Record<string, unknown>;

const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
/** A day, optionally with a time and an offset: groups day, hours, minutes, seconds, offset. */
const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * The instant an ISO 8601 date or date-time names, only if every part is in range: a day the
 * calendar has (2026-02-30 is refused, not rolled over into March), hours 0-23, minutes and
 * seconds 0-59, an offset within ±23:59.
 */
export function strictInstant(value: string): Date | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [
    ,
    day,
    hours = '0',
    minutes = '0',
    seconds = '0',
    ,
    offsetHours = '0',
    offsetMinutes = '0',
  ] = match;
  if (!isCalendarDay(day)) return undefined;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * Reads the feed's query parameters; every problem becomes one field error, and any problem a
 * 400. Parameters the feed does not know are ignored (clients send ones from other profiles).
 */
class Reader {
  readonly errors: FieldError[] = [];

  constructor(private readonly query: Query) {}

  text(name: string, maxLength = 200): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.errors.push({ field: name, message: `give ${name} once` });
      return undefined;
    }
    if (value.length > maxLength) {
      this.errors.push({ field: name, message: `${name} must be at most ${maxLength} characters` });
      return undefined;
    }
    return value.trim() === '' ? undefined : value.trim();
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.text(name, 12);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.errors.push({
        field: name,
        message: `${name} must be a whole number from ${min} to ${max}`,
      });
      return undefined;
    }
    return Number(value);
  }

  uuid(name: string): string | undefined {
    const value = this.text(name, 36);
    if (value !== undefined && !UUID.test(value)) {
      this.errors.push({ field: name, message: `${name} must be a UUID` });
      return undefined;
    }
    return value?.toLowerCase();
  }

  instant(name: string): Date | undefined {
    const value = this.text(name, 40);
    if (value === undefined) return undefined;
    const instant = strictInstant(value);
    if (!instant) {
      this.errors.push({
        field: name,
        message: `${name} must be an ISO 8601 date or date-time, e.g. 2026-05-01 or 2026-05-01T09:00:00Z`,
      });
      return undefined;
    }
    return instant;
  }

  done<T>(value: T): T {
    if (this.errors.length > 0) {
      throw new BadUserInputError(
        `Bad query parameters: ${this.errors.map((e) => e.message).join('; ')}`,
        this.errors,
      );
    }
    return value;
  }
}

function pagingOf(reader: Reader): Paging {
  return {
    page: reader.integer('page', 1, 1_000_000) ?? 1,
    perPage: reader.integer('per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
  };
}

function serviceFiltersOf(reader: Reader): ServiceFilters {
  return {
    search: reader.text('search'),
    taxonomyTermId: reader.uuid('taxonomy_term_id'),
    taxonomyId: reader.uuid('taxonomy_id'),
    organizationId: reader.uuid('organization_id'),
    modifiedAfter: reader.instant('modified_after'),
    minimumAge: reader.integer('minimum_age', 0, 150),
    maximumAge: reader.integer('maximum_age', 0, 150),
  };
}

export function parsePaging(query: Query): Paging {
  const reader = new Reader(query);
  return reader.done(pagingOf(reader));
}

export function parseServiceQuery(query: Query): Paging & ServiceFilters {
  const reader = new Reader(query);
  return reader.done({ ...pagingOf(reader), ...serviceFiltersOf(reader) });
}

export function parseLocationQuery(query: Query): Paging & LocationFilters {
  const reader = new Reader(query);
  const postcode = reader.text('postcode', 10);
  if (postcode !== undefined && !UK_POSTCODE.test(postcode)) {
    reader.errors.push({
      field: 'postcode',
      message: 'postcode must be a UK postcode, e.g. LS1 4AP',
    });
  }
  const proximityMetres = reader.integer('proximity', 1, MAX_PROXIMITY_METRES);
  if (proximityMetres !== undefined && postcode === undefined) {
    reader.errors.push({ field: 'proximity', message: 'proximity (metres) needs a postcode' });
  }
  return reader.done({
    ...pagingOf(reader),
    ...serviceFiltersOf(reader),
    postcode,
    proximityMetres,
  });
}

/** The id in a `/{id}` path: 400 unless it is a UUID. */
export function parseId(id: string): string {
  const reader = new Reader({ id });
  return reader.done(reader.uuid('id')!);
}
