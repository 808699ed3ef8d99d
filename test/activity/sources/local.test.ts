import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalSource } from '../../../src/activity/sources/local.js';
import { readActivity } from '../../../src/activity/read.js';
import { parseRoleRef } from '../../../src/activity/principal.js';
import { roleCall, ROLE_ARN, trailFile } from '../../fixtures/records.js';

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

describe('symbolic links under the logs folder', () => {
  const dayPath = (root: string, day: string): string =>
    join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'eu-west-1', '2026', '10', day);
  const fileOf = (day: string): string =>
    `111122223333_CloudTrail_eu-west-1_202610${day}T0000Z_x.json.gz`;

  it('follows links to day folders and files, and reports no gap for a linked day', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-links-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'ipd-links-target-'));
    for (const day of ['01', '03']) {
      mkdirSync(dayPath(root, day), { recursive: true });
      writeFileSync(join(dayPath(root, day), fileOf(day)), '');
    }
    // Day 02 lives elsewhere, linked in as a folder; a file of day 03 is a link to a file.
    writeFileSync(join(elsewhere, fileOf('02')), '');
    symlinkSync(elsewhere, dayPath(root, '02'));
    const other = join(mkdtempSync(join(tmpdir(), 'ipd-links-file-')), 'other.json.gz');
    writeFileSync(other, '');
    symlinkSync(other, join(dayPath(root, '03'), 'linked.json.gz'));
    const source = createLocalSource(root, '--logs', {
      window: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-04T00:00:00Z') },
      now: new Date('2026-10-05T00:00:00Z'),
    });
    const listed: string[] = [];
    for await (const o of source.list()) listed.push(o.key);
    const base = 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/10';
    expect(listed).toEqual([
      `${base}/01/${fileOf('01')}`,
      `${base}/02/${fileOf('02')}`,
      `${base}/03/${fileOf('03')}`,
      `${base}/03/linked.json.gz`,
    ]);
    expect(source.listingProblems!()).toEqual([]);
  });

  it('reports a link that cannot be followed, and reads a loop once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-links-'));
    mkdirSync(dayPath(root, '01'), { recursive: true });
    writeFileSync(join(dayPath(root, '01'), fileOf('01')), '');
    symlinkSync(join(root, 'gone'), join(dayPath(root, '01'), 'dangling.json.gz'));
    symlinkSync(root, join(dayPath(root, '01'), 'loop'));
    const source = createLocalSource(root, '--logs');
    const listed: string[] = [];
    for await (const o of source.list()) listed.push(o.key);
    expect(listed).toEqual([
      `AWSLogs/111122223333/CloudTrail/eu-west-1/2026/10/01/${fileOf('01')}`,
    ]);
    expect(source.listingProblems!().map((p) => [p.kind, p.object])).toEqual([
      ['listing-failed', 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/10/01/dangling.json.gz'],
    ]);
    expect(source.listingProblems!()[0]!.message).toMatch(/symbolic link that cannot be followed/);
  });

  it('reads the role’s calls in a linked day folder (before, the day read as no activity)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-links-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'ipd-links-target-'));
    mkdirSync(join(dayPath(root, '01'), '..'), { recursive: true });
    writeFileSync(
      join(elsewhere, fileOf('01')),
      trailFile([roleCall('sqs.amazonaws.com', 'DeleteQueue')]),
    );
    symlinkSync(elsewhere, dayPath(root, '01'));
    const result = await readActivity(createLocalSource(root, '--logs'), {
      principal: parseRoleRef(ROLE_ARN, 'r'),
      window: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') },
      concurrency: 1,
      workers: 0,
    });
    expect(result.events.map((e) => e.eventName)).toEqual(['DeleteQueue']);
  });
});

describe('gaps in files kept outside the trail layout', () => {
  const window = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-04T00:00:00Z') };
  const now = new Date('2026-10-10T00:00:00Z');

  it('finds missing days from CloudTrail’s file names in a flat folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-flat-'));
    for (const day of ['01', '03']) {
      writeFileSync(
        join(root, `111122223333_CloudTrail_eu-west-1_202610${day}T0105Z_a1.json.gz`),
        '',
      );
    }
    writeFileSync(join(root, '111122223333_CloudTrail_us-east-1_20261002T0105Z_a1.json.gz'), '');
    const source = createLocalSource(root, '--logs', { window, now });
    for await (const _ of source.list()) void _;
    expect(source.listingProblems!().map((p) => [p.kind, p.object])).toEqual([
      ['missing-day', '111122223333_CloudTrail_eu-west-1_20261002'],
      ['missing-day', '111122223333_CloudTrail_us-east-1_20261001'],
      ['missing-day', '111122223333_CloudTrail_us-east-1_20261003'],
    ]);
  });

  it('finds them in a tree whose organization folder is not AWS’s', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-flat-'));
    for (const day of ['01', '03']) {
      const dir = join(
        root,
        'AWSLogs',
        'o-BAD',
        '111122223333',
        'CloudTrail',
        'eu-west-1',
        '2026',
        '10',
        day,
      );
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `111122223333_CloudTrail_eu-west-1_202610${day}T0105Z_a1.json.gz`),
        '',
      );
    }
    const source = createLocalSource(root, '--logs', { window, now });
    for await (const _ of source.list()) void _;
    expect(source.listingProblems!().map((p) => p.kind)).toEqual(['missing-day']);
    expect(source.listingProblems!()[0]!.message).toMatch(/on 2026-10-02 \(by the files' names/);
  });

  it('says when files carry neither the layout nor CloudTrail’s names', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ipd-flat-'));
    writeFileSync(join(root, 'export-1.json'), '');
    writeFileSync(join(root, 'export-2.json'), '');
    const source = createLocalSource(root, '--logs', { window, now });
    for await (const _ of source.list()) void _;
    expect(source.listingProblems!().map((p) => [p.kind, p.object])).toEqual([
      ['layout-unknown', 'export-1.json'],
    ]);
    expect(source.listingProblems!()[0]!.message).toMatch(
      /^2 files are neither in the trail layout/,
    );
  });
});
