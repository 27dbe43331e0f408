import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RateCardImportError', {
  description: 'One problem in an imported rate card, located by row and column.',
})
export class RateCardImportError {
  @Field(() => Int, {
    description:
      'The data row: 1 is the first row under the header, 0 the header itself. Blank rows count.',
  })
  row!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The CSV column at fault (as the header names it); null when the whole row is.',
  })
  column!: string | null;

  @Field({ description: 'What is wrong, in words the supplier can act on.' })
  message!: string;
}

@ObjectType('RateCardImportReport', {
  description:
    'What a rate card import did, or with dryRun would do. Nothing is written unless every row is valid.',
})
export class RateCardImportReport {
  @Field(() => Int, { description: 'New DRAFT listings created (0 when there are errors).' })
  created!: number;

  @Field(() => Int, { description: 'Existing listings updated (0 when there are errors).' })
  updated!: number;

  @Field(() => [RateCardImportError], {
    description: 'Every problem found, by row then column; empty when the import is valid.',
  })
  errors!: RateCardImportError[];

  @Field({ description: 'True when the file was only checked and nothing was written.' })
  dryRun!: boolean;
}
