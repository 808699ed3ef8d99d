/**
 * Limits that keep a hostile input from taking the runner down, measured on the bundle as the
 * runner runs it: peak memory is read from the process itself (`resourceUsage().maxRSS`, which
 * counts its worker threads), never inferred from time.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Report } from '../../src/report.js';
import { roleCall, ROLE_ARN, trailFile } from '../fixtures/records.js';
import { runBundle } from './node24.js';

/** A preload that writes the process's peak memory (KiB) to a file when it exits. */
function peakRecorder(dir: string): { env: NodeJS.ProcessEnv; peakMiB: () => number } {
  const out = join(dir, 'peak.txt');
  const preload = join(dir, 'peak.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));`,
  );
  return {
    env: { NODE_OPTIONS: `--require ${preload}` },
    peakMiB: () => Number(readFileSync(out, 'utf8')) / 1024,
  };
}

/** A gzip file of `mib` MiB of zeros: a few hundred KiB on disk. */
async function bomb(path: string, mib: number): Promise<void> {
  const chunk = Buffer.alloc(1 << 20);
  function* zeros(): Generator<Buffer> {
    for (let i = 0; i < mib; i++) yield chunk;
  }
  await pipeline(Readable.from(zeros()), createGzip({ level: 1 }), createWriteStream(path));
}

describe('a decompression bomb among the logs', () => {
  it('is counted as failed with its reason, bounds the memory, and the files after it are read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipd-bomb-'));
    const day = join(
      dir,
      'logs',
      'AWSLogs',
      '111122223333',
      'CloudTrail',
      'us-east-1',
      '2026',
      '10',
      '02',
    );
    mkdirSync(day, { recursive: true });
    const name = (hhmm: string, id: string): string =>
      join(day, `111122223333_CloudTrail_us-east-1_20261002T${hhmm}Z_${id}.json.gz`);
    await bomb(name('0100', 'bomb'), 1024);
    writeFileSync(
      name('0200', 'good'),
      trailFile([
        roleCall('sqs.amazonaws.com', 'DeleteQueue', { eventTime: '2026-10-02T01:55:00Z' }),
      ]),
    );
    const { env, peakMiB } = peakRecorder(dir);
    const output = join(dir, 'report.json');
    const run = runBundle(
      'dist/cli/index.js',
      [
        '--role',
        ROLE_ARN,
        '--logs',
        join(dir, 'logs'),
        '--from',
        '2026-10-02',
        '--to',
        '2026-10-03',
        '--format',
        'json',
        '--output',
        output,
        '--quiet',
        '--max-file-size',
        '64',
        '--max-failed-files',
        '1',
      ],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(output, 'utf8')) as Report;
    expect(report.coverage).toMatchObject({
      filesListed: 2,
      filesRead: 1,
      filesFailed: 1,
      complete: false,
    });
    expect(report.coverage.problems).toEqual([
      {
        kind: 'file-failed',
        object:
          'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/02/111122223333_CloudTrail_us-east-1_20261002T0100Z_bomb.json.gz',
        message: expect.stringMatching(
          /^larger than 64 MiB uncompressed, the limit of max-file-size/,
        ) as string,
      },
    ]);
    expect(report.usage.map((u) => u.action)).toEqual(['sqs:DeleteQueue']);
    // 1 GiB of zeros would take that much and more; the limit keeps the run near its usual size.
    expect(peakMiB()).toBeLessThan(350);
  }, 120_000);
});

describe('a policy file too large or too costly to evaluate', () => {
  const run = (policy: object, name: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ipd-policy-'));
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(policy));
    const { env, peakMiB } = peakRecorder(dir);
    const result = runBundle(
      'dist/cli/index.js',
      [
        '--role',
        ROLE_ARN,
        '--logs',
        'examples/org-trail',
        '--current-policy',
        path,
        '--from',
        '2026-10-01',
        '--to',
        '2026-11-01',
        '--quiet',
      ],
      env,
    );
    return { ...result, peak: peakMiB() };
  };
  const statements = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      Effect: 'Allow',
      Action: '*',
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    }));

  // Before the limits, both ran for hours and took gigabytes; the bounds leave room for a busy
  // machine (the CLI alone peaks near 100 MB).
  it('refuses a file larger than any IAM policy at once (exit 2), naming the limit', () => {
    const result = run({ Version: '2012-10-17', Statement: statements(150_000) }, 'nine-mb.json');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /nine-mb\.json" is \d+ bytes, larger than any IAM policy can be \(this tool reads at most 1048576 bytes/,
    );
    expect(result.peak).toBeLessThan(300);
  });

  it('refuses a file under that size whose statements would take hours to evaluate (exit 2)', () => {
    // Before this limit, 1,000 such statements took 96 seconds and 3 GB; these 13,000, hours.
    const result = run({ Version: '2012-10-17', Statement: statements(13_000) }, 'costly.json');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /costly\.json: the current policies grant [\d,]+ statement × action pairs, more than this tool evaluates \(2,500,000\)/,
    );
    expect(result.peak).toBeLessThan(300);
  });
});
