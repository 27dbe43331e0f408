import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInputError, FieldError } from './errors';

/** Flattens class-validator's tree into one entry per failing field and rule. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/**
 * The parameter type Nest gives a GraphQL field resolver's parent object (`@Parent()`):
 * `GqlParamtype.ROOT` in @nestjs/graphql (not exported from its index), 0.
 */
const GRAPHQL_PARENT = 0;

/**
 * class-validator on every input: a failure becomes BAD_USER_INPUT listing each field (with the
 * argument's name in front: `input.title`) and why.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        new BadUserInputError('The input is not valid', fieldErrorsOf(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A field resolver's parent is our own output, not input: validating it would copy it with
    // class-transformer and run class-validator on it for every field of every row of a
    // response (20 listings x 5 fields per search page), for nothing.
    if ((metadata.type as unknown) === GRAPHQL_PARENT) return value;
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof BadUserInputError && metadata.data) throw error.under(metadata.data);
      throw error;
    }
  }
}
