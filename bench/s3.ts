/**
 * The S3 part of `npm run bench`: the same trail served by a local moto_server, read by the
 * bundled CLI with `--bucket` and, in the same run, downloaded by `aws s3 cp --recursive`
 * (the AWS CLI, doing nothing but the download). Both talk to the same server on loopback, so
 * the ratio shows whether reading and analysing keeps up with a plain parallel download.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startMoto } from '../test/support/moto-global-setup.js';
import type { TrailSpec, TrailTruth } from './generate.js';

export interface S3Timing {
  files: number;
  gzipBytes: number;
  awsCliMs: number;
  pipelineMs: number;
  /** The report's coverage counts, for the caller's check. */
  coverage: Record<string, number | boolean>;
}

const BUCKET = 'bench-org-trail';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

/** Whether the AWS CLI answers; the S3 comparison is skipped (with a message) without it. */
export async function hasAwsCli(): Promise<boolean> {
  try {
    return (await run('aws', ['--version'], {})).code === 0;
  } catch {
    return false;
  }
}

export async function benchS3(options: {
  node: string;
  cli: string;
  /** The trail's root folder (`AWSLogs/...` below it). */
  trail: string;
  spec: TrailSpec;
  truth: TrailTruth;
  concurrency: number;
  beforeEachRun: () => Promise<void>;
}): Promise<S3Timing> {
  const moto = await startMoto();
  const work = mkdtempSync(join(tmpdir(), 'iam-policy-drift-bench-s3-'));
  try {
    const env = {
      ...CREDENTIALS,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(work, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'),
    };
    const { files, gzipBytes } = await upload(moto.endpoint, options.trail);

    // The AWS CLI: the whole prefix to a local folder, its default 10 parallel requests.
    await options.beforeEachRun();
    let started = performance.now();
    const copy = await run(
      'aws',
      [
        's3',
        'cp',
        `s3://${BUCKET}/AWSLogs/`,
        join(work, 'download'),
        '--recursive',
        '--quiet',
        '--endpoint-url',
        moto.endpoint,
      ],
      env,
    );
    const awsCliMs = performance.now() - started;
    if (copy.code !== 0) throw new Error(`aws s3 cp failed (${copy.code}): ${copy.stderr}`);
    const downloaded = countFiles(join(work, 'download'));
    if (downloaded !== files) throw new Error(`aws s3 cp copied ${downloaded} of ${files} files`);

    // The pipeline, as users run it on an organization trail's bucket.
    const policy = join(work, 'current-policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    );
    const reportFile = join(work, 'report.json');
    await options.beforeEachRun();
    started = performance.now();
    const analysis = await run(
      options.node,
      [
        options.cli,
        '--role',
        options.spec.roleArn,
        '--bucket',
        BUCKET,
        '--organization-id',
        options.spec.organizationId,
        '--accounts',
        options.spec.accounts.join(','),
        '--s3-path-style',
        '--concurrency',
        String(options.concurrency),
        '--current-policy',
        policy,
        '--from',
        options.truth.window.from,
        '--to',
        options.truth.window.to,
        '--format',
        'json',
        '--output',
        reportFile,
        '--quiet',
      ],
      env,
    );
    const pipelineMs = performance.now() - started;
    if (analysis.code !== 0) {
      throw new Error(`the CLI exited with ${analysis.code} on s3://${BUCKET}: ${analysis.stderr}`);
    }
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      coverage: Record<string, number | boolean>;
    };
    return { files, gzipBytes, awsCliMs, pipelineMs, coverage: report.coverage };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await moto.stop();
  }
}

/** Puts every file under `root` into the bucket, under its relative path. */
async function upload(
  endpoint: string,
  root: string,
): Promise<{ files: number; gzipBytes: number }> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const paths = listFiles(root);
    let gzipBytes = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        const path = paths[next++]!;
        const body = readFileSync(path);
        gzipBytes += body.length;
        const key = relative(root, path).split(sep).join('/');
        await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return { files: paths.length, gzipBytes };
  } finally {
    client.destroy();
  }
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else out.push(path);
  }
  return out.sort();
}

function countFiles(dir: string): number {
  return listFiles(dir).length;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => done({ code: code ?? 1, stderr }));
  });
}
