import { registerEnumType } from '@nestjs/graphql';

/** Registers a TypeScript string enum with GraphQL, with a description for it and for each value. */
export function registerDescribedEnum<T extends Record<string, string>>(
  values: T,
  name: string,
  description: string,
  valueDescriptions: Record<keyof T, string>,
): void {
  registerEnumType(values, {
    name,
    description,
    valuesMap: Object.fromEntries(
      Object.entries(valueDescriptions).map(([key, text]) => [key, { description: text }]),
    ) as Record<keyof T, { description: string }>,
  });
}
