/**
 * Hand-kept corrections to the two generated data sources (iam-dataset's event source table and
 * iamlive's SDK operation map): what they miss, what they get wrong, and events that are not uses
 * of a permission. Checked first by `mapEvent`. Every action named here must exist in the IAM
 * catalogue (a test asserts it). Each entry says why it is here.
 */

/** An event that needs these IAM actions. */
export interface ActionsException {
  readonly actions: readonly string[];
  readonly why: string;
}

/** An event that is not the use of any IAM permission (the caller needs no policy for it). */
export interface NoPermissionException {
  readonly noPermission: true;
  readonly why: string;
}

export type EventException = ActionsException | NoPermissionException;

const needs = (why: string, ...actions: string[]): ActionsException => ({ actions, why });
const free = (why: string): NoPermissionException => ({ noPermission: true, why });

// Shared reasons, to keep each line short.
const OBJECT_LIST = 'listing objects is authorized as s3:ListBucket on the bucket';
const MULTIPART = 'multipart upload steps are authorized as s3:PutObject';
const CONFIG_DELETE = 'S3 has no Delete* action for this bucket setting: removal needs the Put*';
const CONFIG_NAME = 'the S3 API name differs from the IAM action name';
const SIGN_IN = 'a console sign-in step, authenticated by credentials, not by an IAM policy';

/**
 * eventSource hosts that the iam-dataset table lacks or gets wrong → IAM prefix.
 * Checked before the generated table.
 */
export const EVENT_SOURCE_EXCEPTIONS: Readonly<Record<string, string>> = {
  // SES v1/v2 API calls are logged under the email endpoint; the IAM prefix is ses.
  'email.amazonaws.com': 'ses',
  // DynamoDB Streams (GetRecords, GetShardIterator, ...) are dynamodb: actions.
  'streams.dynamodb.amazonaws.com': 'dynamodb',
};

/** IAM prefix → CloudTrail eventName (after any API-version suffix is stripped) → correction. */
export const EVENT_EXCEPTIONS: Readonly<Record<string, Readonly<Record<string, EventException>>>> =
  {
    s3: {
      ListObjects: needs(OBJECT_LIST, 's3:ListBucket'),
      ListObjectsV2: needs(OBJECT_LIST, 's3:ListBucket'),
      ListObjectVersions: needs(
        'listing versions is s3:ListBucketVersions',
        's3:ListBucketVersions',
      ),
      HeadBucket: needs('HeadBucket checks access with s3:ListBucket', 's3:ListBucket'),
      // iamlive makes both of its HeadObject entries conditional on VersionId.
      HeadObject: needs('HeadObject reads object metadata: s3:GetObject', 's3:GetObject'),
      ListBuckets: needs('listing buckets is s3:ListAllMyBuckets', 's3:ListAllMyBuckets'),
      CreateMultipartUpload: needs(MULTIPART, 's3:PutObject'),
      UploadPart: needs(MULTIPART, 's3:PutObject'),
      CompleteMultipartUpload: needs(MULTIPART, 's3:PutObject'),
      // iamlive lists only s3:PutObject; the copy source is read with s3:GetObject.
      UploadPartCopy: needs('copies a part: reads the source', 's3:GetObject', 's3:PutObject'),
      ListMultipartUploads: needs(CONFIG_NAME, 's3:ListBucketMultipartUploads'),
      ListParts: needs(CONFIG_NAME, 's3:ListMultipartUploadParts'),
      // iamlive makes both of its DeleteObjects entries conditional on VersionId.
      DeleteObjects: needs('a batch of object deletes: s3:DeleteObject', 's3:DeleteObject'),
      SelectObjectContent: needs('S3 Select reads the object: s3:GetObject', 's3:GetObject'),
      GetBucketCors: needs(CONFIG_NAME, 's3:GetBucketCORS'),
      PutBucketCors: needs(CONFIG_NAME, 's3:PutBucketCORS'),
      DeleteBucketCors: needs(CONFIG_DELETE, 's3:PutBucketCORS'),
      // CloudTrail's name for the SDK's DeletePublicAccessBlock.
      DeleteBucketPublicAccessBlock: needs(CONFIG_DELETE, 's3:PutBucketPublicAccessBlock'),
      DeleteAccountPublicAccessBlock: needs(CONFIG_DELETE, 's3:PutAccountPublicAccessBlock'),
      // The replication rule names a role that S3 assumes: passing it needs iam:PassRole.
      PutBucketReplication: needs(
        'replication config names a role S3 will use',
        's3:PutReplicationConfiguration',
        'iam:PassRole',
      ),
      GetBucketReplication: needs(CONFIG_NAME, 's3:GetReplicationConfiguration'),
      // iamlive adds iam:PassRole here, but deleting the configuration passes no role.
      DeleteBucketReplication: needs(CONFIG_DELETE, 's3:PutReplicationConfiguration'),
      GetBucketEncryption: needs(CONFIG_NAME, 's3:GetEncryptionConfiguration'),
      PutBucketEncryption: needs(CONFIG_NAME, 's3:PutEncryptionConfiguration'),
      DeleteBucketEncryption: needs(CONFIG_DELETE, 's3:PutEncryptionConfiguration'),
      GetBucketLifecycle: needs(CONFIG_NAME, 's3:GetLifecycleConfiguration'),
      GetBucketLifecycleConfiguration: needs(CONFIG_NAME, 's3:GetLifecycleConfiguration'),
      PutBucketLifecycle: needs(CONFIG_NAME, 's3:PutLifecycleConfiguration'),
      PutBucketLifecycleConfiguration: needs(CONFIG_NAME, 's3:PutLifecycleConfiguration'),
      DeleteBucketLifecycle: needs(CONFIG_DELETE, 's3:PutLifecycleConfiguration'),
      DeleteBucketTagging: needs(CONFIG_DELETE, 's3:PutBucketTagging'),
      // iamlive names s3:DeleteBucketOwnershipControls, which does not exist.
      DeleteBucketOwnershipControls: needs(CONFIG_DELETE, 's3:PutBucketOwnershipControls'),
      GetBucketAccelerateConfiguration: needs(CONFIG_NAME, 's3:GetAccelerateConfiguration'),
      PutBucketAccelerateConfiguration: needs(CONFIG_NAME, 's3:PutAccelerateConfiguration'),
      GetBucketAnalyticsConfiguration: needs(CONFIG_NAME, 's3:GetAnalyticsConfiguration'),
      ListBucketAnalyticsConfigurations: needs(CONFIG_NAME, 's3:GetAnalyticsConfiguration'),
      PutBucketAnalyticsConfiguration: needs(CONFIG_NAME, 's3:PutAnalyticsConfiguration'),
      DeleteBucketAnalyticsConfiguration: needs(CONFIG_DELETE, 's3:PutAnalyticsConfiguration'),
      GetBucketInventoryConfiguration: needs(CONFIG_NAME, 's3:GetInventoryConfiguration'),
      ListBucketInventoryConfigurations: needs(CONFIG_NAME, 's3:GetInventoryConfiguration'),
      PutBucketInventoryConfiguration: needs(CONFIG_NAME, 's3:PutInventoryConfiguration'),
      DeleteBucketInventoryConfiguration: needs(CONFIG_DELETE, 's3:PutInventoryConfiguration'),
      GetBucketMetricsConfiguration: needs(CONFIG_NAME, 's3:GetMetricsConfiguration'),
      ListBucketMetricsConfigurations: needs(CONFIG_NAME, 's3:GetMetricsConfiguration'),
      PutBucketMetricsConfiguration: needs(CONFIG_NAME, 's3:PutMetricsConfiguration'),
      DeleteBucketMetricsConfiguration: needs(CONFIG_DELETE, 's3:PutMetricsConfiguration'),
      GetBucketIntelligentTieringConfiguration: needs(
        CONFIG_NAME,
        's3:GetIntelligentTieringConfiguration',
      ),
      ListBucketIntelligentTieringConfigurations: needs(
        CONFIG_NAME,
        's3:GetIntelligentTieringConfiguration',
      ),
      PutBucketIntelligentTieringConfiguration: needs(
        CONFIG_NAME,
        's3:PutIntelligentTieringConfiguration',
      ),
      // iamlive names s3:DeleteIntelligentTieringConfiguration, which does not exist.
      DeleteBucketIntelligentTieringConfiguration: needs(
        CONFIG_DELETE,
        's3:PutIntelligentTieringConfiguration',
      ),
      GetBucketNotificationConfiguration: needs(CONFIG_NAME, 's3:GetBucketNotification'),
      PutBucketNotificationConfiguration: needs(CONFIG_NAME, 's3:PutBucketNotification'),
      // CloudTrail logs the current PutBucketNotificationConfiguration under this name; iamlive's
      // iam:PassRole comes from the legacy operation's CloudFunction InvocationRole.
      PutBucketNotification: needs(CONFIG_NAME, 's3:PutBucketNotification'),
      GetObjectLockConfiguration: needs(CONFIG_NAME, 's3:GetBucketObjectLockConfiguration'),
      PutObjectLockConfiguration: needs(CONFIG_NAME, 's3:PutBucketObjectLockConfiguration'),
      // The S3 console's Storage Lens dashboard call (real records: sourceIPAddress AWS Internal).
      GetStorageLensDashboardDataInternal: needs(
        'the console reads a Storage Lens dashboard',
        's3:GetStorageLensDashboard',
      ),
    },
    kms: {
      ReEncrypt: needs(
        'decrypts under one key, encrypts under another',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
      ),
    },
    lambda: {
      // Data event: the API is Invoke, the action InvokeFunction.
      Invoke: needs(
        'the Invoke API is authorized as lambda:InvokeFunction',
        'lambda:InvokeFunction',
      ),
    },
    secretsmanager: {
      // Newer than the iamlive map (2023). Each secret returned is also read with GetSecretValue;
      // ListSecrets is needed only when the call uses filters, so it is left to the request.
      BatchGetSecretValue: needs(
        'also needs GetSecretValue on every secret it returns',
        'secretsmanager:BatchGetSecretValue',
        'secretsmanager:GetSecretValue',
      ),
    },
    securityhub: {
      // iamlive adds iam:PassRole on '*' to these, but none of them takes a role.
      CreateInsight: needs(
        'takes no role (iamlive adds iam:PassRole)',
        'securityhub:CreateInsight',
      ),
      UpdateInsight: needs(
        'takes no role (iamlive adds iam:PassRole)',
        'securityhub:UpdateInsight',
      ),
      UpdateFindings: needs(
        'takes no role (iamlive adds iam:PassRole)',
        'securityhub:UpdateFindings',
      ),
    },
    sqs: {
      // Batch calls are authorized per message with the single-message action; iamlive names
      // sqs:DeleteMessageBatch / sqs:ChangeMessageVisibilityBatch, which do not exist.
      SendMessageBatch: needs('batch of SendMessage', 'sqs:SendMessage'),
      DeleteMessageBatch: needs('batch of DeleteMessage', 'sqs:DeleteMessage'),
      ChangeMessageVisibilityBatch: needs(
        'batch of ChangeMessageVisibility',
        'sqs:ChangeMessageVisibility',
      ),
    },
    cloudfront: {
      // iamlive names cloudfront:Create*WithTags, which do not exist.
      CreateDistributionWithTags: needs(
        'creates, then tags',
        'cloudfront:CreateDistribution',
        'cloudfront:TagResource',
      ),
      CreateStreamingDistributionWithTags: needs(
        'creates, then tags',
        'cloudfront:CreateStreamingDistribution',
        'cloudfront:TagResource',
      ),
    },
    detective: {
      // The API name is plural, the action singular; iamlive names the plural action.
      ListOrganizationAdminAccounts: needs(
        'the action name is singular; Detective also reads the organization',
        'detective:ListOrganizationAdminAccount',
        'organizations:DescribeOrganization',
      ),
    },
    sts: {
      GetCallerIdentity: free('sts:GetCallerIdentity needs no permission and cannot be denied'),
      GetSessionToken: free('authenticates the caller (MFA); policies cannot control it'),
      // Called with no AWS credentials: the role's trust policy decides, not the caller's policy.
      AssumeRoleWithWebIdentity: free('unauthenticated call, decided by the role trust policy'),
      AssumeRoleWithSAML: free('unauthenticated call, decided by the role trust policy'),
    },
    dynamodb: {
      DescribeEndpoints: free('endpoint discovery needs no permission (iamlive list)'),
    },
    signin: {
      ConsoleLogin: free(SIGN_IN),
      CheckMfa: free(SIGN_IN),
      SwitchRole: free('a console sign-in step (switching to a role), not an API call'),
      ExitRole: free(SIGN_IN),
      RenewRole: free(SIGN_IN),
      GetSigninToken: free('federation endpoint: trades session credentials for a console token'),
      ExternalIdPDirectoryLogin: free(SIGN_IN),
      UserAuthentication: free(SIGN_IN),
      CredentialChallenge: free(SIGN_IN),
      CredentialVerification: free(SIGN_IN),
      PasswordRecoveryRequested: free(SIGN_IN),
      PasswordRecoveryCompleted: free(SIGN_IN),
    },
  };

/** `prefix:eventname`, lowercased → the exception (an index of the table above). */
const EXCEPTION_INDEX: ReadonlyMap<string, EventException> = new Map(
  Object.entries(EVENT_EXCEPTIONS).flatMap(([prefix, events]) =>
    Object.entries(events).map(
      ([name, exception]) => [`${prefix.toLowerCase()}:${name.toLowerCase()}`, exception] as const,
    ),
  ),
);

/** The exception for an event of this IAM prefix and name, matched case-insensitively. */
export function findException(prefix: string, eventName: string): EventException | undefined {
  return EXCEPTION_INDEX.get(`${prefix.toLowerCase()}:${eventName.toLowerCase()}`);
}
