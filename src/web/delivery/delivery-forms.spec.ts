import {
  dateTimeFields,
  formFieldOf,
  lines,
  londonInstant,
  readDateTime,
  readWholeNumber,
} from './delivery-forms';

describe('the delivery forms', () => {
  describe('londonInstant', () => {
    it('reads winter times as UTC and summer times as an hour ahead of it', () => {
      expect(londonInstant(2026, 1, 15, 9, 30).toISOString()).toBe('2026-01-15T09:30:00.000Z');
      expect(londonInstant(2026, 7, 15, 9, 30).toISOString()).toBe('2026-07-15T08:30:00.000Z');
    });

    it('follows the clocks on the days they change', () => {
      // 29 March 2026: 01:00 GMT becomes 02:00 BST; 25 October 2026: 02:00 BST back to 01:00.
      expect(londonInstant(2026, 3, 29, 12, 0).toISOString()).toBe('2026-03-29T11:00:00.000Z');
      expect(londonInstant(2026, 10, 25, 12, 0).toISOString()).toBe('2026-10-25T12:00:00.000Z');
    });
  });

  describe('readDateTime', () => {
    const form = (day: string, month: string, year: string, time: string) => ({
      'startsAt-day': day,
      'startsAt-month': month,
      'startsAt-year': year,
      startsAtTime: time,
    });

    it('reads a date and a 24-hour or 12-hour time', () => {
      expect(readDateTime(form('2', '7', '2026', '14:30'), 'startsAt', 'it starts').value).toEqual(
        new Date('2026-07-02T13:30:00Z'),
      );
      expect(readDateTime(form('2', '7', '2026', '2:30pm'), 'startsAt', 'it starts').value).toEqual(
        new Date('2026-07-02T13:30:00Z'),
      );
      expect(readDateTime(form('2', '1', '2026', '12am'), 'startsAt', 'it starts').value).toEqual(
        new Date('2026-01-02T00:00:00Z'),
      );
    });

    it('names the date box and the time field it cannot read', () => {
      expect(readDateTime(form('', '', '', ''), 'startsAt', 'it starts').errors).toEqual([
        { field: 'startsAt-day', message: 'Enter the date it starts' },
        { field: 'startsAtTime', message: 'Enter the time it starts' },
      ]);
      expect(
        readDateTime(form('31', '2', '2026', '25:00'), 'startsAt', 'it starts').errors,
      ).toEqual([
        { field: 'startsAt-day', message: 'The date it starts must be a real date' },
        {
          field: 'startsAtTime',
          message: 'Enter the time as hours and minutes, for example 14:30 or 2:30pm',
        },
      ]);
      expect(
        readDateTime(form('1', '13', '2026', '13pm'), 'startsAt', 'it starts').errors,
      ).toHaveLength(2);
    });
  });

  it('shows an instant in the date and time fields as it reads them back', () => {
    const fields = dateTimeFields('2026-07-02T13:30:00Z', 'startsAt');
    expect(fields).toEqual({
      'startsAt-day': '2',
      'startsAt-month': '7',
      'startsAt-year': '2026',
      startsAtTime: '14:30',
    });
    expect(readDateTime(fields, 'startsAt', 'it starts').value).toEqual(
      new Date('2026-07-02T13:30:00Z'),
    );
  });

  it('reads whole numbers, and says what is wrong with anything else', () => {
    expect(readWholeNumber({ n: ' 12 ' }, 'n', 'missing', 'not a number')).toEqual({ value: 12 });
    expect(readWholeNumber({ n: '' }, 'n', 'missing', 'nan').errors).toEqual([
      { field: 'n', message: 'missing' },
    ]);
    expect(readWholeNumber({ n: '1.5' }, 'n', 'missing', 'nan').errors).toEqual([
      { field: 'n', message: 'nan' },
    ]);
  });

  it('reads one entry per line, leaving out blank lines', () => {
    expect(lines({ a: ' one \r\n\r\ntwo\n ' }, 'a')).toEqual(['one', 'two']);
  });

  it("places the API's field paths on the form's fields", () => {
    const fields = ['startsAt-day', 'durationMinutes', 'activities', 'outcome-0', 'outcome-1'];
    expect(formFieldOf('input.startsAt', fields, 'x')).toBe('startsAt-day');
    expect(formFieldOf('input.durationMinutes', fields, 'x')).toBe('durationMinutes');
    expect(formFieldOf('input.activities.2', fields, 'x')).toBe('activities');
    expect(formFieldOf('input.outcomes.1.achievement', fields, 'x')).toBe('outcome-1');
    expect(formFieldOf('input.outcomes', fields, 'x')).toBe('x');
    expect(formFieldOf('reason', fields, 'x')).toBe('x');
  });
});
