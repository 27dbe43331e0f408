import { IsDefined, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';

function comparedTo(
  name: string,
  property: string,
  words: string,
  holds: <T extends number | string>(value: T, other: T) => boolean,
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message: `${propertyName} must not be ${words} ${property}` },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[property];
          // Numbers, or calendar days written 'YYYY-MM-DD' (which compare as strings).
          if (typeof value === 'number' && typeof other === 'number') return holds(value, other);
          if (typeof value === 'string' && typeof other === 'string') return holds(value, other);
          return true;
        },
      },
    });
}

/** The value must be >= the named sibling property (when both are present). */
export const IsNotLessThan = (property: string) =>
  comparedTo('isNotLessThan', property, 'less than', (value, other) => value >= other);

/** The value must be <= the named sibling property (when both are present). */
export const IsNotMoreThan = (property: string) =>
  comparedTo('isNotMoreThan', property, 'more than', (value, other) => value <= other);

/**
 * A real calendar day written 'YYYY-MM-DD': no 30 February (JavaScript's Date would roll it over
 * into March), no year 0000 (PostgreSQL has none). Every date a REST parameter carries is checked
 * with this; GraphQL's Date and DateTime scalars are as strict.
 */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  if (value.startsWith('0000')) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

/** A real calendar day written 'YYYY-MM-DD' (for REST query strings; GraphQL's Date checks its own). */
export function IsCalendarDay() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDay',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a calendar day written YYYY-MM-DD` },
      validator: {
        validate(value: unknown) {
          return isCalendarDay(value);
        },
      },
    });
}

/**
 * Optional, but not null when given: for a field whose column cannot be emptied (leaving it out
 * keeps the current value; an explicit null would otherwise reach a NOT NULL column).
 */
export function IsOptionalNotNull(): PropertyDecorator {
  const whenGiven = ValidateIf((_object, value) => value !== undefined);
  const notNull = IsDefined({
    message: ({ property }) =>
      `${property} cannot be null (leave it out to keep the current value)`,
  });
  return (target, propertyName) => {
    whenGiven(target, propertyName);
    notNull(target, propertyName);
  };
}
