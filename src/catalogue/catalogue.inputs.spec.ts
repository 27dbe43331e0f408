import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateInterventionInput, UpdateInterventionInput } from './catalogue.inputs';

const fieldsFailing = (errors: ReturnType<typeof validateSync>) =>
  errors.map((e) => e.property).sort();

describe('listing inputs', () => {
  it('require a title, summary and factors to create a listing, whoever validates them', () => {
    const errors = validateSync(plainToInstance(CreateInterventionInput, {}));
    expect(fieldsFailing(errors)).toEqual(['factors', 'summary', 'title']);
  });

  it('leave every field optional when updating', () => {
    expect(validateSync(plainToInstance(UpdateInterventionInput, {}))).toEqual([]);
    expect(
      fieldsFailing(validateSync(plainToInstance(UpdateInterventionInput, { factors: [] }))),
    ).toEqual(['factors']);
  });
});
