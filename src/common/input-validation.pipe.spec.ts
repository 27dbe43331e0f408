import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { BadUserInputError } from './errors';
import { InputValidationPipe } from './input-validation.pipe';

class Range {
  @IsInt()
  @Min(10)
  minAge!: number;

  @IsInt()
  @Max(100)
  maxAge!: number;
}

class Listing {
  @IsString()
  @MaxLength(5)
  title!: string;

  @ValidateNested()
  @Type(() => Range)
  eligibility!: Range;
}

describe('InputValidationPipe', () => {
  const pipe = new InputValidationPipe();
  const metadata = { type: 'body' as const, metatype: Listing, data: 'input' };

  it('names every failing field under the argument, with why', async () => {
    const error = await pipe
      .transform({ title: 'far too long', eligibility: { minAge: 5, maxAge: 101 } }, metadata)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).fieldErrors).toEqual([
      { field: 'input.title', message: 'title must be shorter than or equal to 5 characters' },
      { field: 'input.eligibility.minAge', message: 'minAge must not be less than 10' },
      { field: 'input.eligibility.maxAge', message: 'maxAge must not be greater than 100' },
    ]);
  });

  it('refuses properties the input does not declare', async () => {
    const error = await pipe
      .transform({ title: 'ok', eligibility: { minAge: 18, maxAge: 30 }, admin: true }, metadata)
      .catch((e: unknown) => e);
    expect((error as BadUserInputError).fieldErrors).toEqual([
      { field: 'input.admin', message: 'property admin should not exist' },
    ]);
  });

  it('passes valid input through as an instance of its class', async () => {
    const value = await pipe.transform(
      { title: 'ok', eligibility: { minAge: 18, maxAge: 30 } },
      metadata,
    );
    expect(value).toBeInstanceOf(Listing);
  });

  it("passes a GraphQL field resolver's parent through as it is (output, not input)", async () => {
    const parent = { title: 'far too long', extra: true };
    const value = await pipe.transform(parent, {
      type: 0 as unknown as 'custom',
      metatype: Listing,
      data: undefined,
    });
    expect(value).toBe(parent);
  });
});
