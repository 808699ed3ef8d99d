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

  it('closes the fence and then the <details> block the cut fell in, so the note shows', () => {
    const body = [
      '# Report',
      '',
      '<details><summary>Used actions</summary>',
      '',
      '| action |',
      '| --- |',
      '| `s3:GetObject` |',
      '',
      '</details>',
      '',
      '<details><summary>Proposed policy</summary>',
      '',
      '```json',
      '"s3:GetObject",\n'.repeat(10_000),
      '```',
      '',
      '</details>',
      '',
    ].join('\n');
    const result = truncateBody(body);
    expect(result.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(result).toMatch(/"s3:GetObject",\n```\n\n<\/details>\n\n> \[!NOTE\]/);
    expect(result.match(/<details>/g)).toHaveLength(2);
    expect(result.match(/<\/details>/g)).toHaveLength(2);
  });

  it('closes nested <details> blocks left open outside code, and ignores tags inside code', () => {
    const body = [
      '<details><summary>outer</summary>',
      '',
      '```html',
      '<details>',
      '```',
      '<details><summary>inner</summary>',
      '',
      ...Array.from({ length: 100 }, (_, i) => `- row ${i}`),
      '</details>',
      '</details>',
    ].join('\n');
    const result = truncateBody(body, 600, 'cut');
    expect(result.length).toBeLessThanOrEqual(600);
    expect(result).toMatch(/- row \d+\n\n<\/details>\n\n<\/details>\n\ncut\n$/);
  });

  it('counts only real tags: escaped text and inline code do not open or close a block', () => {
    const body = [
      '<details><summary>unmapped</summary>',
      '',
      // What a log field becomes once escaped, and in inline code: text, not HTML.
      '| `x.amazonaws.com` | \\</details\\> \\<details\\> | `</details>` |',
      '| `x.amazonaws.com` | `<details>` `` a ` </details> `` | 1 |',
      ...Array.from({ length: 100 }, (_, i) => `- row ${i}`),
      '</details>',
    ].join('\n');
    const result = truncateBody(body, 600, 'cut');
    expect(result.length).toBeLessThanOrEqual(600);
    // One real block open at the cut: closed once, so the note is outside it.
    expect(result).toMatch(/- row \d+\n\n<\/details>\n\ncut\n$/);
  });

  it('does not add a fence when the cut falls outside code', () => {
    const body = `\`\`\`\ncode\n\`\`\`\n${'text line\n'.repeat(10_000)}`;
    const result = truncateBody(body);
    expect(result.match(/```/g)).toHaveLength(2);
  });

  it('counts bytes of UTF-8 when told, and cuts on a character boundary', () => {
    const MiB = 1024 * 1024;
    // 400,000 characters of 3 bytes each: fits in characters, not in bytes.
    const body = `<details><summary>x</summary>\n\n${'€€€€€€€€€€€€€€€€€€€\n'.repeat(20_000)}</details>\n`;
    expect(body.length).toBeLessThan(MiB);
    expect(truncateBody(body, MiB, 'cut')).toBe(body);
    const result = truncateBody(body, MiB, 'cut', 'utf8');
    expect(Buffer.byteLength(result, 'utf8')).toBeLessThanOrEqual(MiB);
    expect(Buffer.byteLength(result, 'utf8')).toBeGreaterThan(MiB - 100);
    expect(result).not.toContain('\uFFFD');
    expect(result.endsWith('€\n\n</details>\n\ncut\n')).toBe(true);
    // A single line: cut inside, never inside a character.
    const line = truncateBody('é😀'.repeat(50), 40, 'n', 'utf8');
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(40);
    expect(line).not.toContain('\uFFFD');
    expect(line.endsWith('\n\nn\n')).toBe(true);
  });

  it('cuts a single overlong line without splitting a surrogate pair', () => {
    const result = truncateBody('😀'.repeat(40), 31, 'n');
    expect(result.length).toBeLessThanOrEqual(31);
    expect(result).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(result.endsWith('\n\nn\n')).toBe(true);
  });
});
