/**
 * Retries against a real server: a loopback HTTP proxy in front of moto_server answers S3's
 * `503 SlowDown` a given number of times for chosen objects, then forwards. The SDK's retries
 * (max attempts) get through a passing slow-down; an object that keeps failing is counted as a
 * failed file with its error, and the run goes on.
 */
import {
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { loadIamKnowledge } from '../../src/mapping/knowledge.js';
import { analyze, type AnalysisSettings } from '../../src/analyze.js';
import { parseRoleRef } from '../../src/activity/principal.js';
import { createS3Source } from '../../src/activity/sources/s3.js';
import { s3Like } from '../../src/aws/adapters.js';
import { createS3Client } from '../../src/aws/clients.js';
import { motoEndpoint, motoS3, resetMoto, TEST_CREDENTIALS } from '../support/moto.js';
import { at, createBucket, ORG_ID, putLogFile } from '../support/trail.js';

const BUCKET = 'retried-org-trail';
const ACCOUNT = '111122223333';
const DAYS = ['2024-03-10', '2024-03-11', '2024-03-12'];
const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>' +
  '<Message>Please reduce your request rate.</Message><RequestId>proxy</RequestId></Error>';

/** Per object key: how many GETs still get a 503 (Infinity: all of them). */
const failuresLeft = new Map<string, number>();
/** Per object key: how many GETs still get half their body, then a reset connection. */
const cutsLeft = new Map<string, number>();
/** Per object key: how many GETs reached the proxy. */
const gets = new Map<string, number>();
let proxy: Server;
let proxyEndpoint = '';
const keys: string[] = [];

/** The object key of a path-style request (`/bucket/key?query`), if it names an object. */
function objectKey(url: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  const prefix = `/${BUCKET}/`;
  return path.startsWith(prefix) && path.length > prefix.length
    ? decodeURIComponent(path.slice(prefix.length))
    : undefined;
}

function forward(request: IncomingMessage, response: ServerResponse, target: URL): void {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
      agent: false,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', (error) => response.destroy(error));
  request.pipe(upstream);
}

/** Forwards the request, but sends only half of the body announced, then resets the connection. */
function cutShort(request: IncomingMessage, response: ServerResponse, target: URL): void {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
      agent: false,
    },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        response.write(body.subarray(0, body.length >> 1), () => response.socket?.destroy());
      });
    },
  );
  upstream.on('error', (error) => response.destroy(error));
  request.pipe(upstream);
}

beforeAll(async () => {
  await resetMoto();
  const s3 = motoS3();
  try {
    await createBucket(s3, BUCKET);
    for (const day of DAYS) {
      const spec = { account: ACCOUNT, region: 'us-east-1', delivered: at(day, '10:00') };
      keys.push((await putLogFile(s3, BUCKET, spec)).key);
    }
  } finally {
    s3.destroy();
  }
  keys.sort();
  const target = new URL(motoEndpoint());
  proxy = createServer((request, response) => {
    const key = request.method === 'GET' ? objectKey(request.url ?? '') : undefined;
    if (key !== undefined) {
      gets.set(key, (gets.get(key) ?? 0) + 1);
      const left = failuresLeft.get(key) ?? 0;
      if (left > 0) {
        failuresLeft.set(key, left - 1);
        request.resume();
        response.writeHead(503, { 'content-type': 'application/xml' });
        response.end(SLOW_DOWN);
        return;
      }
    }
    const cuts = key !== undefined ? (cutsLeft.get(key) ?? 0) : 0;
    if (key !== undefined && cuts > 0) {
      cutsLeft.set(key, cuts - 1);
      cutShort(request, response, target);
      return;
    }
    forward(request, response, target);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

beforeEach(() => {
  failuresLeft.clear();
  cutsLeft.clear();
  gets.clear();
});

const SETTINGS: AnalysisSettings = {
  principals: [parseRoleRef(`arn:aws:iam::${ACCOUNT}:role/service/orders-api`, '--role')],
  window: { from: new Date('2024-03-10T00:00:00Z'), to: new Date('2024-03-13T00:00:00Z') },
  concurrency: 2,
  maxFailedFiles: { kind: 'percent', value: 50 },
  maxFileSize: 1024,
  minLookbackDays: 0,
  unknown: 'called-services',
  resourceScope: 'keep',
  resourceScopeMaxArns: 10,
  keepActions: [],
};

async function run(maxAttempts: number) {
  const s3 = createS3Client({
    endpoint: proxyEndpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    region: 'us-east-1',
    maxAttempts,
  });
  try {
    const activity = createS3Source(s3Like(s3), {
      bucket: BUCKET,
      organizationId: ORG_ID,
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      from: SETTINGS.window.from,
      to: SETTINGS.window.to,
      maxAttempts,
    });
    const { reports, failure } = await analyze(SETTINGS, { iam: loadIamKnowledge, activity });
    return { report: reports[0]!, ...(failure !== undefined ? { failure } : {}) };
  } finally {
    s3.destroy();
  }
}

test('the proxy forwards: without injected failures every object is read once', async () => {
  const { report } = await run(3);
  expect(report.coverage).toMatchObject({ filesListed: 3, filesRead: 3, filesFailed: 0 });
  expect(keys.map((key) => gets.get(key))).toEqual([1, 1, 1]);
});

test('an object slowed down fewer times than max-attempts is read, after retries', async () => {
  const [slow] = keys as [string];
  failuresLeft.set(slow, 2);
  const { report, failure } = await run(3);
  expect(failure).toBeUndefined();
  expect(gets.get(slow)).toBe(3);
  expect(failuresLeft.get(slow)).toBe(0);
  expect(report.coverage).toMatchObject({
    filesListed: 3,
    filesRead: 3,
    filesFailed: 0,
    complete: true,
    problems: [],
  });
});

test('an object that keeps failing is a failed file with its error; the run goes on', async () => {
  const [, broken] = keys as [string, string];
  failuresLeft.set(broken, Number.POSITIVE_INFINITY);
  const { report, failure } = await run(2);
  // Within the tolerated share of failed files: no run failure, but coverage is incomplete.
  expect(failure).toBeUndefined();
  expect(gets.get(broken)).toBe(2);
  for (const key of keys.filter((k) => k !== broken)) expect(gets.get(key)).toBe(1);
  expect(report.coverage).toMatchObject({
    filesListed: 3,
    filesRead: 2,
    filesFailed: 1,
    complete: false,
  });
  expect(report.coverage.problems).toEqual([
    {
      kind: 'file-failed',
      object: broken,
      message: expect.stringMatching(
        /^could not read: GetObject on s3:\/\/retried-org-trail\/.* failed: SlowDown: Please reduce your request rate\. \(after 2 attempts\)$/,
      ) as string,
    },
  ]);
});

test('a body cut off mid-stream is downloaded again, within max-attempts', async () => {
  const [, cut] = keys as [string, string];
  cutsLeft.set(cut, 2);
  const { report } = await run(3);
  expect(gets.get(cut)).toBe(3);
  expect(report.coverage).toMatchObject({ filesRead: 3, filesFailed: 0, complete: true });
});

test('a body cut off at every attempt is a failed file that says so', async () => {
  const [, , cut] = keys as [string, string, string];
  cutsLeft.set(cut, Number.POSITIVE_INFINITY);
  const { report } = await run(2);
  expect(gets.get(cut)).toBe(2);
  expect(report.coverage).toMatchObject({ filesRead: 2, filesFailed: 1, complete: false });
  expect(report.coverage.problems).toEqual([
    {
      kind: 'file-failed',
      object: cut,
      message: expect.stringMatching(
        /^could not read: s3:\/\/retried-org-trail\/.*: the download was cut short \(after 2 attempts\)\.$/,
      ) as string,
    },
  ]);
});
