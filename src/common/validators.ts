import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** The value must be >= the named sibling property (when both are present). */
export function IsNotLessThan(property: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotLessThan',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message: `${propertyName} must not be less than ${property}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[property];
          return typeof value !== 'number' || typeof other !== 'number' || value >= other;
        },
      },
    });
}
