import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalSource } from '../../src/activity/local-source.js';

async function keys(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of createLocalSource(dir, '--logs').list()) out.push(o.key);
  return out;
}

describe('createLocalSource', () => {
  it('lists log files recursively in order, skipping digests, insights and other files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-local-'));
    const day = join(
      root,
      'AWSLogs',
      'o-abc',
      '111122223333',
      'CloudTrail',
      'us-east-1',
      '2026',
      '10',
      '02',
    );
    const digest = join(
      root,
      'AWSLogs',
      'o-abc',
      '111122223333',
      'CloudTrail-Digest',
      'us-east-1',
      '2026',
      '10',
      '02',
    );
    const insight = join(
      root,
      'AWSLogs',
      'o-abc',
      '111122223333',
      'CloudTrail-Insight',
      'us-east-1',
    );
    for (const d of [day, digest, insight]) mkdirSync(d, { recursive: true });
    writeFileSync(join(day, 'b_CloudTrail_us-east-1_x.json.gz'), '');
    writeFileSync(join(day, 'a_CloudTrail_us-east-1_x.json'), '');
    writeFileSync(join(day, 'notes.txt'), '');
    writeFileSync(join(digest, 'x_CloudTrail-Digest_us-east-1_y.json.gz'), '');
    writeFileSync(join(insight, 'i.json.gz'), '');
    expect(await keys(root)).toEqual([
      'AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/10/02/a_CloudTrail_us-east-1_x.json',
      'AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/10/02/b_CloudTrail_us-east-1_x.json.gz',
    ]);
  });

  it('counts the files ahead, so that progress has a total before the listing ends', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-count-'));
    for (const day of ['01', '02', '03']) {
      const dir = join(
        root,
        'AWSLogs',
        '111122223333',
        'CloudTrail',
        'eu-west-1',
        '2026',
        '10',
        day,
      );
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 40; i++) writeFileSync(join(dir, `f${i}.json.gz`), '');
      writeFileSync(join(dir, 'notes.txt'), '');
    }
    const source = createLocalSource(root, '--logs');
    expect(source.expectedObjects?.()).toBeUndefined();
    const iterator = source.list()[Symbol.asyncIterator]();
    await iterator.next();
    // The count runs beside the listing, which is held at its first file here.
    for (let i = 0; i < 100 && source.expectedObjects?.() === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(source.expectedObjects?.()).toBe(120);
    await iterator.return?.();
  });

  it('names the input when the directory is missing or a file', async () => {
    await expect(keys('/no/such/dir')).rejects.toThrow(
      '--logs: the directory "/no/such/dir" does not exist',
    );
    const root = mkdtempSync(join(tmpdir(), 'ipd-local-'));
    writeFileSync(join(root, 'f.json'), '');
    await expect(keys(join(root, 'f.json'))).rejects.toThrow(/--logs: .* is not a directory/);
  });
});

describe('gaps in a tree that keeps the trail layout', () => {
  it('reports days of the window without files where other days have some', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-gaps-'));
    const region = join(
      root,
      'AWSLogs',
      'o-abcdefghij',
      '111122223333',
      'CloudTrail',
      'eu-west-1',
      '2026',
      '10',
    );
    for (const day of ['01', '02', '04']) {
      mkdirSync(join(region, day), { recursive: true });
      writeFileSync(
        join(region, day, `111122223333_CloudTrail_eu-west-1_202610${day}T0000Z_x.json.gz`),
        '',
      );
    }
    const source = createLocalSource(root, '--logs', {
      window: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-06T00:00:00Z') },
      now: new Date('2026-10-05T12:00:00Z'),
    });
    for await (const _ of source.list()) void _;
    expect(source.listingProblems!().map((p) => [p.kind, p.object])).toEqual([
      ['missing-day', 'AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/10/03/'],
      ['missing-day', 'AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/10/05/'],
    ]);
  });
});
