import {
  parseEnum,
  parseList,
  parseOptionalBoolean,
  parsePositiveInt,
  parseWholeNumber,
} from '../../src/settings/parse.js';

describe('the shared setting parsers', () => {
  it('split lists on commas and line breaks only, keeping order and spaces inside items', () => {
    expect(parseList(' a, b c ,\n\na\n d ')).toEqual(['a', 'b c', 'd']);
    expect(parseList(undefined)).toEqual([]);
    expect(parseList(' , \n')).toEqual([]);
  });

  it('read whole numbers strictly, with the range in the message', () => {
    expect(parseWholeNumber(' 0 ', 'n')).toBe(0);
    expect(parsePositiveInt('12', 'n', 20)).toBe(12);
    expect(() => parsePositiveInt('0', 'n', 20)).toThrow(
      'n: "0" is not a whole number between 1 and 20',
    );
    expect(() => parsePositiveInt('1e3', 'n')).toThrow(
      'n: "1e3" is not a whole number of at least 1',
    );
    expect(() => parseWholeNumber('-1', 'days', { unit: ' of days' })).toThrow(
      'days: "-1" is not a whole number of days',
    );
  });

  it('match enums case-insensitively and list what is expected', () => {
    expect(parseEnum(' JSON ', ['json', 'markdown'] as const, 'format', 'format')).toBe('json');
    expect(() => parseEnum('yaml', ['json', 'markdown'] as const, 'format', 'format')).toThrow(
      'format: "yaml" is not a format; expected json, markdown',
    );
    expect(parseOptionalBoolean(' True', 'b')).toBe(true);
    expect(parseOptionalBoolean('', 'b')).toBeUndefined();
    expect(() => parseOptionalBoolean('yes', 'b')).toThrow(
      'b: "yes" is not a boolean; expected true, false',
    );
  });
});
