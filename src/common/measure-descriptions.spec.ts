import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isObjectType } from 'graphql';

/** A field that reports a rate or a score: its description must say what it is taken over. */
const RATE_OR_SCORE = /(rate|score|share)$/i;

/** Every rate or score field of the committed schema, as `Type.field`, with its description. */
function rateAndScoreFields(sdl: string): { field: string; description: string }[] {
  const schema = buildSchema(sdl);
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => RATE_OR_SCORE.test(field.name))
        // Numbers only: a field that returns a whole object (ContributionScore) is described there.
        .filter((field) => ['Float', 'Int'].includes(getNamedType(field.type).name))
        .map((field) => ({
          field: `${type.name}.${field.name}`,
          description: field.description ?? '',
        })),
    );
}

/** The rate or score fields that docs/measures.md does not name as `Type.field`. */
function unlisted(fields: { field: string }[], measuresDoc: string): string[] {
  return fields.map((f) => f.field).filter((field) => !measuresDoc.includes(`\`${field}\``));
}

describe('measure descriptions (issue 18)', () => {
  const sdl = readFileSync(join(__dirname, '../../schema.graphql'), 'utf8');
  const fields = rateAndScoreFields(sdl);
  const measuresDoc = readFileSync(join(__dirname, '../../docs/measures.md'), 'utf8');

  it('finds the rates and scores (the walk is not vacuous)', () => {
    const names = fields.map((f) => f.field);
    expect(names).toEqual(
      expect.arrayContaining([
        'ContributionScore.rate',
        'ContributionScore.score',
        'ContributionScore.riskOfHarmFocusRate',
        'ProvisionGapRow.availabilityRate',
        'ProvisionGapRow.searchHitRate',
        'MeasureBreakdownRow.availabilityRate',
      ]),
    );
  });

  it('names a denominator in the description of every rate or score field', () => {
    const missing = fields.filter((f) => !/denominator/i.test(f.description)).map((f) => f.field);
    expect(missing).toEqual([]);
  });

  it('fails for a rate field whose description names no denominator', () => {
    const bad = rateAndScoreFields(
      `type Query { x: X } type X { """Share of things.""" fooRate: Float }`,
    ).filter((f) => !/denominator/i.test(f.description));
    expect(bad.map((f) => f.field)).toEqual(['X.fooRate']);
  });

  it('lists every rate or score field in docs/measures.md, the one table', () => {
    expect(unlisted(fields, measuresDoc)).toEqual([]);
  });

  it('fails for a rate field the table does not list', () => {
    const doc = '| Spend share (`SpendRow.share`) | spend | all spend | referrals | — |';
    const schema = `type Query { x: SpendRow } type SpendRow {
      """Denominator: all.""" share: Float """Denominator: all.""" fooRate: Float }`;
    expect(unlisted(rateAndScoreFields(schema), doc)).toEqual(['SpendRow.fooRate']);
  });
});
