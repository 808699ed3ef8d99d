/**
 * The one place SDK clients are made. Every client gets the same region, retry budget and
 * timeouts. Endpoints are the SDK's own business: it honours `AWS_ENDPOINT_URL` and the
 * per-service `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO_ADMIN` (and
 * `endpoint_url` in the shared config file) natively, so nothing here reads them.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { translateAssumeRoleError } from './errors.js';

/** A credentials provider as the SDK clients accept it. */
export type CredentialsProvider = Extract<
  NonNullable<S3ClientConfig['credentials']>,
  (...args: never[]) => unknown
>;
/** Static credentials, or a provider of them. */
export type Credentials = NonNullable<S3ClientConfig['credentials']>;

export interface AwsClientOptions {
  /**
   * Region of the clients. Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`.
   * S3 clients follow region redirects, so the trail bucket may be in any region.
   */
  region?: string | undefined;
  /** Attempts per call including the first (the SDK retries throttling and 5xx). Default 5. */
  maxAttempts?: number | undefined;
  /**
   * Endpoint of every client, overriding the SDK's own resolution (which already honours
   * `AWS_ENDPOINT_URL[_<SERVICE>]`). For tests and S3-compatible stores.
   */
  endpoint?: string | undefined;
  /** Address buckets as `endpoint/bucket/key` rather than `bucket.endpoint/key`. Default false. */
  forcePathStyle?: boolean | undefined;
  /**
   * A role to assume (with the default credentials) for reading the trail bucket, e.g. a role
   * of the log archive account. IAM and STS keep the default credentials.
   */
  trailRoleArn?: string | undefined;
  /** External id the trail role's trust policy requires, if any. */
  trailRoleExternalId?: string | undefined;
  /** Session name for the trail role. Default `iam-policy-drift[-<GITHUB_RUN_ID>]`. */
  trailRoleSessionName?: string | undefined;
  /** Credentials instead of the SDK's default chain (environment, profile, OIDC, ...). */
  credentials?: Credentials | undefined;
  /** Milliseconds a request and its response may take before it fails (and is retried). */
  requestTimeoutMs?: number | undefined;
}

export interface AwsClients {
  /** S3 for the trail bucket: the trail role's credentials when `trailRoleArn` is set. */
  s3: S3Client;
  /** IAM with the default credentials. */
  iam: IAMClient;
  /** STS with the default credentials. */
  sts: STSClient;
  /** sso-admin with the default credentials (Identity Center permission sets). */
  ssoAdmin: SSOAdminClient;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** The region the clients use when none is given. */
export function resolveRegion(region?: string): string {
  const fromEnv = [region, process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION].find(
    (value) => value !== undefined && value.trim() !== '',
  );
  return fromEnv?.trim() ?? DEFAULT_REGION;
}

function commonConfig(options: AwsClientOptions) {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  return {
    region: resolveRegion(options.region),
    maxAttempts,
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    ...(options.endpoint !== undefined && options.endpoint !== ''
      ? { endpoint: options.endpoint }
      : {}),
  };
}

/** An S3 client; with `credentials` it uses them instead of `options.credentials`. */
export function createS3Client(
  options: AwsClientOptions = {},
  credentials?: Credentials,
): S3Client {
  const config = commonConfig(options);
  return new S3Client({
    ...config,
    ...(credentials !== undefined ? { credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    followRegionRedirects: true,
  });
}

export function createIamClient(options: AwsClientOptions = {}): IAMClient {
  return new IAMClient(commonConfig(options));
}

export function createSsoAdminClient(options: AwsClientOptions = {}): SSOAdminClient {
  return new SSOAdminClient(commonConfig(options));
}

export function createStsClient(options: AwsClientOptions = {}): STSClient {
  return new STSClient(commonConfig(options));
}

function sessionName(options: AwsClientOptions): string {
  const runId = process.env.GITHUB_RUN_ID;
  const name =
    options.trailRoleSessionName ?? `iam-policy-drift${runId !== undefined ? `-${runId}` : ''}`;
  // RoleSessionName: 2 to 64 characters of [\w+=,.@-].
  const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return clean.length >= 2 ? clean : 'iam-policy-drift';
}

/**
 * Credentials of `roleArn`, assumed through `sts` and renewed by the SDK before they expire
 * (the clients memoize a provider and call it again when the expiration is near). A failure
 * is explained (`translateAssumeRoleError`).
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  options: { sessionName?: string; externalId?: string | undefined; durationSeconds?: number } = {},
): CredentialsProvider {
  return async () => {
    try {
      const output = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: options.sessionName ?? 'iam-policy-drift',
          DurationSeconds: options.durationSeconds ?? 3600,
          ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
        }),
      );
      const credentials = output.Credentials;
      if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
        throw new Error('STS AssumeRole answered without credentials');
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        ...(credentials.SessionToken !== undefined
          ? { sessionToken: credentials.SessionToken }
          : {}),
        ...(credentials.Expiration !== undefined ? { expiration: credentials.Expiration } : {}),
      };
    } catch (error) {
      throw translateAssumeRoleError(error, roleArn);
    }
  };
}

/** All the clients a run needs. */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const sts = createStsClient(options);
  const iam = createIamClient(options);
  const s3 =
    options.trailRoleArn !== undefined && options.trailRoleArn !== ''
      ? createS3Client(
          options,
          assumeRoleCredentials(sts, options.trailRoleArn, {
            sessionName: sessionName(options),
            externalId: options.trailRoleExternalId,
          }),
        )
      : createS3Client(options);
  const ssoAdmin = createSsoAdminClient(options);
  return { s3, iam, sts, ssoAdmin };
}

/** The account of the credentials `sts` uses (STS GetCallerIdentity needs no permission). */
export async function callerAccountId(sts: STSClient): Promise<string | undefined> {
  const output = await sts.send(new GetCallerIdentityCommand({}));
  return output.Account;
}

/** Closes the clients' connection pools (so a CLI can exit promptly). */
export function destroyAwsClients(clients: AwsClients): void {
  clients.s3.destroy();
  clients.iam.destroy();
  clients.sts.destroy();
  clients.ssoAdmin.destroy();
}
