import { createServer } from 'node:net';

import { CreateRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

import {
  callerAccountId,
  createAwsClients,
  createIamClient,
  createS3Client,
  createStsClient,
  destroyAwsClients,
  resolveRegion,
} from '../../src/aws/clients.js';
import {
  MOTO_ACCOUNT,
  motoEndpoint,
  motoIam,
  resetMoto,
  TEST_CREDENTIALS,
} from '../support/moto.js';

const ENDPOINT_VARS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_IAM',
  'AWS_ENDPOINT_URL_STS',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'GITHUB_RUN_ID',
] as const;
const saved = Object.fromEntries(ENDPOINT_VARS.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of ENDPOINT_VARS) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A loopback URL where nothing listens. */
async function deadEndpoint(): Promise<string> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 9),
      );
    });
  });
  return `http://127.0.0.1:${port}`;
}

/** Records every request a client sends (host, path, signing key id). */
function recordRequests(
  client: S3Client,
): { hostname: string; path: string; authorization: string }[] {
  const seen: { hostname: string; path: string; authorization: string }[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as {
        hostname?: string;
        path?: string;
        headers?: Record<string, string>;
      };
      seen.push({
        hostname: request.hostname ?? '',
        path: request.path ?? '',
        authorization: request.headers?.authorization ?? '',
      });
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'recordRequests' },
  );
  return seen;
}

const BUCKET = 'clients-test-bucket';

beforeAll(async () => {
  await resetMoto();
  const s3 = createS3Client({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
  const iam = motoIam();
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'trail-reader',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  iam.destroy();
});

describe('endpoint environment variables (honoured by the SDK itself)', () => {
  test('AWS_ENDPOINT_URL_S3 beats AWS_ENDPOINT_URL; path-style addressing on a host name', async () => {
    const moto = new URL(motoEndpoint());
    process.env.AWS_ENDPOINT_URL = await deadEndpoint();
    process.env.AWS_ENDPOINT_URL_S3 = `http://localhost:${moto.port}`;
    const s3 = createS3Client({
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const seen = recordRequests(s3);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Name).toBe(BUCKET);
    expect(seen).toEqual([expect.objectContaining({ hostname: 'localhost', path: `/${BUCKET}/` })]);
    s3.destroy();
  });

  test('without forcePathStyle the bucket goes into the host name', async () => {
    const moto = new URL(motoEndpoint());
    process.env.AWS_ENDPOINT_URL_S3 = `http://localhost:${moto.port}`;
    const s3 = createS3Client({ credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const seen = recordRequests(s3);
    // bucket.localhost may or may not resolve here: only the request's shape matters.
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET })).catch(() => undefined);
    expect(seen[0]).toEqual(
      expect.objectContaining({ hostname: `${BUCKET}.localhost`, path: '/' }),
    );
    s3.destroy();
  });

  test('a dead AWS_ENDPOINT_URL_S3 is used, not the general one', async () => {
    process.env.AWS_ENDPOINT_URL = motoEndpoint();
    process.env.AWS_ENDPOINT_URL_S3 = await deadEndpoint();
    const s3 = createS3Client({ credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toThrow(/ECONNREFUSED|connect/);
    s3.destroy();
    const iam = createIamClient({ credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await expect(iam.send(new ListRolesCommand({}))).resolves.toBeDefined();
    iam.destroy();
  });

  test('AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS', async () => {
    process.env.AWS_ENDPOINT_URL = await deadEndpoint();
    process.env.AWS_ENDPOINT_URL_IAM = motoEndpoint();
    process.env.AWS_ENDPOINT_URL_STS = motoEndpoint();
    const iam = createIamClient({ credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const sts = createStsClient({ credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const roles = await iam.send(new ListRolesCommand({}));
    expect(roles.Roles?.map((role) => role.RoleName)).toContain('trail-reader');
    expect(await callerAccountId(sts)).toBe(MOTO_ACCOUNT);
    iam.destroy();
    sts.destroy();
  });

  test('an explicit endpoint option overrides the environment', async () => {
    process.env.AWS_ENDPOINT_URL = await deadEndpoint();
    process.env.AWS_ENDPOINT_URL_STS = await deadEndpoint();
    const sts = createStsClient({
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(MOTO_ACCOUNT);
    sts.destroy();
  });
});

describe('client settings', () => {
  test('region: the option, then AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', async () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    expect(resolveRegion()).toBe('us-east-1');
    process.env.AWS_DEFAULT_REGION = 'eu-central-1';
    expect(resolveRegion()).toBe('eu-central-1');
    process.env.AWS_REGION = 'eu-west-3';
    expect(resolveRegion()).toBe('eu-west-3');
    expect(resolveRegion('ap-south-1')).toBe('ap-south-1');
    const s3 = createS3Client({ region: 'sa-east-1' });
    expect(await s3.config.region()).toBe('sa-east-1');
    s3.destroy();
  });

  test('maxAttempts is passed to the SDK and validated', async () => {
    const iam = createIamClient({ maxAttempts: 7 });
    expect(await iam.config.maxAttempts()).toBe(7);
    iam.destroy();
    const s3 = createS3Client();
    expect(await s3.config.maxAttempts()).toBe(5);
    s3.destroy();
    expect(() => createStsClient({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});

describe('trail role', () => {
  test('S3 uses the assumed role; IAM and STS keep the default credentials', async () => {
    process.env.GITHUB_RUN_ID = '4242';
    const clients = createAwsClients({
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      trailRoleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/trail-reader`,
    });
    const seen = recordRequests(clients.s3);
    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Name).toBe(BUCKET);
    // moto's temporary keys start with ASIA; the default credentials are "testing".
    expect(seen[0]?.authorization).toMatch(/Credential=ASIA[A-Z0-9]+\//);
    const stsIdentity = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(stsIdentity.Arn).not.toContain('assumed-role');
    // A second call reuses the memoized credentials.
    await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(seen[1]?.authorization.match(/Credential=([^/]+)/)?.[1]).toBe(
      seen[0]?.authorization.match(/Credential=([^/]+)/)?.[1],
    );
    destroyAwsClients(clients);
  });

  test('without a trail role S3 signs with the default credentials', async () => {
    const clients = createAwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
    const seen = recordRequests(clients.s3);
    await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(seen[0]?.authorization).toContain('Credential=testing/');
    destroyAwsClients(clients);
  });
});
