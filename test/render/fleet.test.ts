import { demoteHeadings } from '../../src/render/fleet.js';

describe('demoteHeadings', () => {
  it('moves every heading one level down, but not inside code fences', () => {
    const markdown = [
      '## Title',
      'text # not a heading',
      '### Section',
      '````json',
      '# inside a fence',
      '```',
      '## still inside: a shorter fence does not close a longer one',
      '````',
      '#### After',
      '~~~',
      '## tilde fence',
      '~~~',
      '###### six stays (markdown has no seventh level)',
    ].join('\n');
    expect(demoteHeadings(markdown).split('\n')).toEqual([
      '### Title',
      'text # not a heading',
      '#### Section',
      '````json',
      '# inside a fence',
      '```',
      '## still inside: a shorter fence does not close a longer one',
      '````',
      '##### After',
      '~~~',
      '## tilde fence',
      '~~~',
      '###### six stays (markdown has no seventh level)',
    ]);
  });
});
