import { compact, pageOf } from './oruk.mapper';

describe('feed records', () => {
  it('leave out optional fields without a value, never sending null', () => {
    expect(
      compact({ id: 'x', a: null, b: undefined, c: '', d: [], e: 0, f: false, g: ['y'] }),
    ).toEqual({
      id: 'x',
      e: 0,
      f: false,
      g: ['y'],
    });
  });
});

describe('the page envelope', () => {
  it('describes a middle page', () => {
    expect(pageOf([{ id: 'a' }], 5, 3, 2)).toEqual({
      total_items: 5,
      total_pages: 3,
      page_number: 3,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
      contents: [{ id: 'a' }],
    });
  });

  it('has one empty page when nothing matches, so page 1 is also the last', () => {
    expect(pageOf([], 0, 1, 50)).toMatchObject({
      total_pages: 1,
      first_page: true,
      last_page: true,
      empty: true,
      size: 0,
    });
  });
});
