import { registerDecorator, ValidationArguments } from 'class-validator';

function comparedTo(
  name: string,
  property: string,
  words: string,
  holds: (value: number, other: number) => boolean,
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
          return typeof value !== 'number' || typeof other !== 'number' || holds(value, other);
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
