/**
 * Helpers for tests that talk to moto: the worker's own server, a reset, and SDK clients
 * made through the project's factory (`src/aws/clients.ts`) pointed at moto.
 *
 * Importing this module points `AWS_ENDPOINT_URL` of the test file at the worker's server.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';

import {
  type AwsClientOptions,
  createIamClient,
  createS3Client,
  createSsoAdminClient,
  createStsClient,
} from '../../src/aws/clients.js';
import type { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { resetMotoServer } from './moto-server.js';

/** The account moto answers as by default. */
export const MOTO_ACCOUNT = '123456789012';

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** The moto server of this jest worker (from the global setup). */
export function motoEndpoint(): string {
  const endpoints = (process.env.MOTO_ENDPOINTS ?? process.env.MOTO_ENDPOINT ?? '')
    .split(',')
    .filter((endpoint) => endpoint !== '');
  if (endpoints.length === 0) {
    throw new Error(
      'MOTO_ENDPOINT is not set: run the tests through jest (its global setup starts moto_server).',
    );
  }
  const worker = Number.parseInt(process.env.JEST_WORKER_ID ?? '1', 10);
  const index = Number.isFinite(worker) && worker > 0 ? (worker - 1) % endpoints.length : 0;
  return endpoints[index] ?? endpoints[0] ?? '';
}

if (process.env.MOTO_ENDPOINTS !== undefined || process.env.MOTO_ENDPOINT !== undefined) {
  process.env.AWS_ENDPOINT_URL = motoEndpoint();
}

/** Empties the worker's moto server (or the one at `endpoint`). */
export async function resetMoto(endpoint: string = motoEndpoint()): Promise<void> {
  await resetMotoServer(endpoint);
}

/** Client options for moto: its endpoint, dummy credentials, few retries. */
export function motoOptions(overrides: AwsClientOptions = {}): AwsClientOptions {
  return {
    region: 'us-east-1',
    maxAttempts: 2,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    ...overrides,
  };
}

export function motoS3(overrides: AwsClientOptions = {}): S3Client {
  return createS3Client(motoOptions(overrides));
}

export function motoIam(overrides: AwsClientOptions = {}): IAMClient {
  return createIamClient(motoOptions(overrides));
}

export function motoSsoAdmin(overrides: AwsClientOptions = {}): SSOAdminClient {
  return createSsoAdminClient(motoOptions(overrides));
}

export function motoSts(overrides: AwsClientOptions = {}): STSClient {
  return createStsClient(motoOptions(overrides));
}

export interface MotoCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * Credentials that act in another account of the same moto server: moto answers every call
 * made with credentials from an STS AssumeRole as the account of the role assumed (the role
 * need not exist). Ask again after a reset, which forgets them.
 */
export async function motoCredentialsIn(
  account: string,
  endpoint: string = motoEndpoint(),
): Promise<MotoCredentials> {
  const sts = createStsClient(motoOptions({ endpoint }));
  try {
    const answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/test-job`,
        RoleSessionName: 'tests',
      }),
    );
    const credentials = answer.Credentials;
    if (
      credentials?.AccessKeyId === undefined ||
      credentials.SecretAccessKey === undefined ||
      credentials.SessionToken === undefined
    ) {
      throw new Error('moto AssumeRole gave no credentials');
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    };
  } finally {
    sts.destroy();
  }
}

/**
 * The environment of a bundle run (the CLI or the action as users run them) against this
 * worker's moto, with the given credentials and no other AWS configuration.
 */
export function motoEnv(credentials: MotoCredentials): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}
