import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BadUserInputError } from '../common/errors';
import { fieldErrorsOf } from '../common/input-validation.pipe';

type QueryValue = string | string[] | undefined;

/**
 * A REST query string read into the same input class a GraphQL argument uses, and validated by
 * the same rules: `lists` may be repeated or comma-separated, `integers` must be whole numbers,
 * `booleans` true or false.
 * Unknown parameters are refused, so a misspelt filter never silently widens a report.
 */
export async function readQuery<T extends object>(
  type: new () => T,
  query: Record<string, QueryValue>,
  shape: { lists?: string[]; integers?: string[]; booleans?: string[] } = {},
): Promise<T> {
  const plain: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    const values = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) =>
      shape.lists?.includes(name) ? v.split(',') : [v],
    );
    const trimmed = values.map((v) => v.trim()).filter((v) => v !== '');
    if (shape.lists?.includes(name)) plain[name] = trimmed;
    else if (trimmed.length > 1)
      plain[name] = trimmed; // refused below: one value expected
    else if (trimmed.length === 1) {
      const [value] = trimmed;
      if (shape.integers?.includes(name) && /^-?\d+$/.test(value)) plain[name] = Number(value);
      else if (shape.booleans?.includes(name) && /^(true|false)$/.test(value)) {
        plain[name] = value === 'true';
      } else plain[name] = value;
    }
  }
  const input = plainToInstance(type, plain);
  const errors = await validate(input, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw new BadUserInputError('The query string is not valid', fieldErrorsOf(errors));
  }
  return input;
}
