import { GITHUB_BODY_LIMIT, TRUNCATED_NOTE, truncateBody } from '../../src/publish/truncate.js';

describe('truncateBody', () => {
  it('returns a body that fits unchanged', () => {
    const body = 'a\n'.repeat(100);
    expect(truncateBody(body)).toBe(body);
    const exact = 'x'.repeat(GITHUB_BODY_LIMIT);
    expect(truncateBody(exact)).toBe(exact);
  });

  it('cuts at a line boundary, appends the note, and stays within the limit', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'-'.repeat(20)}`);
    const result = truncateBody(lines.join('\n'));
    expect(result.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(result.endsWith(`${TRUNCATED_NOTE}\n`)).toBe(true);
    const kept = result.slice(0, result.indexOf(`\n\n${TRUNCATED_NOTE}`)).split('\n');
    // Every kept line is whole, in order.
    kept.forEach((line, i) => expect(line).toBe(lines[i]));
    expect(kept.length).toBeGreaterThan(2000);
  });

  it('honours a custom limit and note', () => {
    const result = truncateBody('one\ntwo\nthree\nfour\nfive\n', 20, 'cut');
    expect(result).toBe('one\ntwo\n\ncut\n');
    expect(result.length).toBeLessThanOrEqual(20);
  });

  it('closes a code fence left open by the cut, so the note is not shown as code', () => {
    const body = `# Report\n\n\`\`\`json\n${'"s3:GetObject",\n'.repeat(10_000)}\`\`\`\nafter\n`;
    const result = truncateBody(body);
    expect(result.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(result).toMatch(/"s3:GetObject",\n```\n\n> \[!NOTE\]/);
  });

  it('does not add a fence when the cut falls outside code', () => {
    const body = `\`\`\`\ncode\n\`\`\`\n${'text line\n'.repeat(10_000)}`;
    const result = truncateBody(body);
    expect(result.match(/```/g)).toHaveLength(2);
  });

  it('cuts a single overlong line without splitting a surrogate pair', () => {
    const result = truncateBody('😀'.repeat(40), 31, 'n');
    expect(result.length).toBeLessThanOrEqual(31);
    expect(result).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(result.endsWith('\n\nn\n')).toBe(true);
  });
});
