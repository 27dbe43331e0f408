import { fieldMessageInWords, refusalInWords } from './refusal-words';

describe('refusals in words', () => {
  it('turns an eligibility failure into a sentence, enum values as words', () => {
    expect(
      fieldMessageInWords({
        field: 'supervisionType',
        message: 'supervisionType: admits COMMUNITY_SENTENCE, LICENCE only',
      }),
    ).toEqual({
      field: 'supervisionType',
      message: 'Supervision: not eligible, this service admits community sentence, licence only',
    });
    expect(fieldMessageInWords({ field: 'crn', message: 'crn must be X123456' })).toEqual({
      field: 'crn',
      message: 'crn must be X123456',
    });
  });

  it('says a refusal by its reason, or keeps the message when it has no words', () => {
    expect(
      refusalInWords({ message: 'No places are free', extensions: { reason: 'NO_PLACES_LEFT' } }),
    ).toBe('There are no places left on this service.');
    expect(refusalInWords({ message: 'Something new', extensions: { reason: 'NEW' } })).toBe(
      'Something new',
    );
  });
});
