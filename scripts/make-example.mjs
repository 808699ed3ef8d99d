// Generates the bundled example under examples/: an organization trail's S3 layout with
// CloudTrail log files (and digests to skip), the role's current policy, the expected result
// and a README. Deterministic: a seeded PRNG, fixed ids and a fixed gzip header, so running it
// again yields byte-identical files.
//
//   node scripts/make-example.mjs          writes examples/ and prints the expected result
//   node scripts/make-example.mjs --check  writes nothing; fails when examples/ differs
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const TRAIL_DIR = join(EXAMPLES, 'org-trail');

const ORG_ID = 'o-a1b2c3d4e5';
const TRAIL_BUCKET = 'acme-org-cloudtrail';
const TRAIL_NAME = 'org-trail';
const TRAIL_HOME_REGION = 'us-east-1';
const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const ROLE_NAME = 'orders-api';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service/${ROLE_NAME}`;
const OTHER_ROLE_ARN = `arn:aws:iam::${OTHER_ACCOUNT}:role/service/${ROLE_NAME}`;
const REPORTING_ROLE_ARN = `arn:aws:iam::${OTHER_ACCOUNT}:role/orders-reporting-reader`;
const BUCKET = 'acme-orders-documents-prod';
const OTHER_BUCKET = 'acme-orders-archive-444455556666';
const KMS_KEY_ID = 'mrk-4b1f0e8a2c3d4e5f8a9b0c1d2e3f4a5b';
const EU = 'eu-west-1';
const US = 'us-east-1';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261005);
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (items) => items[Math.floor(random() * items.length)];
const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const IAM_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALNUM}+/`;
const chars = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
const hex = (n) => chars(HEX, n);
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick('89ab')}${hex(3)}-${hex(12)}`;
const s3RequestId = () => chars(UPPER_ALNUM, 16);
const amzId2 = () => `${chars(BASE64, 76)}=`;
const iamId = (prefix) => `${prefix}${chars(IAM_ID, 17)}`;

// ---------------------------------------------------------------------------------------------
// Time

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const stamp = (ms) =>
  iso(ms)
    .replace(/[-:]/g, '')
    .replace(/\d\dZ$/, 'Z'); // YYYYMMDDTHHmmZ
const at = (day, hour, minute) => Date.UTC(2026, 9, day, hour, minute, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function stsExpiration(ms) {
  const d = new Date(ms);
  const h = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const pad = (n) => String(n).padStart(2, '0');
  const mer = d.getUTCHours() < 12 ? 'AM' : 'PM';
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${mer}`;
}

// ---------------------------------------------------------------------------------------------
// Principals

function roleSessionIdentity(account, roleArn, roleName, roleId, session, accessKeyId, created) {
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${session.name}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session.name}`,
    accountId: account,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: roleArn,
        accountId: account,
        userName: roleName,
      },
      webIdFederationData: session.webIdFederationData ?? {},
      attributes: { creationDate: iso(created), mfaAuthenticated: 'false' },
    },
  };
}

/** A principal: builds the userIdentity of each call it makes at a time. */
function rolePrincipal({ account, roleArn, roleName, sessions, userAgentBase, ip }) {
  const roleId = iamId('AROA');
  const keys = new Map();
  return {
    account,
    roleId,
    ip,
    userAgentBase,
    session: (ms) => sessions.filter((s) => s.from <= ms).at(-1).name,
    identity(ms) {
      // One session (ECS task) at a time; its credentials are renewed every 6 hours.
      const session = sessions.filter((s) => s.from <= ms).at(-1);
      let created = ms - (ms % (6 * 3600_000)) + 120_000;
      if (created > ms) created -= 6 * 3600_000;
      const cacheKey = `${session.name}@${created}`;
      if (!keys.has(cacheKey)) keys.set(cacheKey, iamId('ASIA').slice(0, 20));
      return roleSessionIdentity(
        account,
        roleArn,
        roleName,
        roleId,
        session,
        keys.get(cacheKey),
        created,
      );
    },
  };
}

const ordersApi = rolePrincipal({
  account: ACCOUNT,
  roleArn: ROLE_ARN,
  roleName: ROLE_NAME,
  sessions: [
    { from: 0, name: hex(32) },
    { from: at(13, 0, 0), name: hex(32) },
    { from: at(22, 0, 0), name: hex(32) },
  ],
  userAgentBase:
    'aws-sdk-js/3.901.0 ua/2.1 os/linux#5.10.240-238.955.amzn2.x86_64 lang/js md/nodejs#22.20.0',
  ip: { [EU]: '54.78.114.27', [US]: '3.215.66.190' },
});

/** The role with the same name (and path) in the other account. */
const otherOrdersApi = rolePrincipal({
  account: OTHER_ACCOUNT,
  roleArn: OTHER_ROLE_ARN,
  roleName: ROLE_NAME,
  sessions: [
    { from: 0, name: hex(32) },
    { from: at(18, 0, 0), name: hex(32) },
  ],
  userAgentBase:
    'aws-sdk-js/3.887.0 ua/2.1 os/linux#5.10.240-238.955.amzn2.x86_64 lang/js md/nodejs#22.19.0',
  ip: { [EU]: '34.247.90.12', [US]: '44.206.18.75' },
});

/** What the role's sts:AssumeRole calls lead to: another role, in the other account. */
const reportingReader = rolePrincipal({
  account: OTHER_ACCOUNT,
  roleArn: REPORTING_ROLE_ARN,
  roleName: 'orders-reporting-reader',
  sessions: [{ from: 0, name: 'orders-api-reporting' }],
  userAgentBase:
    'aws-sdk-js/3.901.0 ua/2.1 os/linux#5.10.240-238.955.amzn2.x86_64 lang/js md/nodejs#22.20.0',
  ip: { [EU]: '54.78.114.27', [US]: '3.215.66.190' },
});

const GITHUB_OIDC = {
  federatedProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
  attributes: {},
};
/** CI: its sessions are named after the service it deploys, so one is named "orders-api". */
const ciDeployer = rolePrincipal({
  account: ACCOUNT,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`,
  roleName: 'ci-deployer',
  sessions: [
    { from: 0, name: ROLE_NAME, webIdFederationData: GITHUB_OIDC },
    { from: at(20, 0, 0), name: 'GitHubActions', webIdFederationData: GITHUB_OIDC },
  ],
  userAgentBase:
    'aws-cli/2.31.4 md/awscrt#0.27.6 ua/2.1 os/linux#6.11.0-1018-azure md/arch#x86_64 lang/python#3.13.7 md/pyimpl#CPython exec-env#GitHubActions',
  ip: { [EU]: '20.57.79.66', [US]: '20.57.79.66' },
});

function iamUser(account, userName) {
  return {
    account,
    principalId: iamId('AIDA'),
    userName,
    consoleKey: iamId('ASIA').slice(0, 20),
    /** With `ms`, a console session's identity at that time; without, the sign-in's. */
    identity(ms) {
      const withKey = ms !== undefined;
      return {
        type: 'IAMUser',
        principalId: this.principalId,
        arn: `arn:aws:iam::${account}:user/${userName}`,
        accountId: account,
        ...(withKey ? { accessKeyId: this.consoleKey } : {}),
        userName,
        ...(withKey
          ? {
              sessionContext: {
                sessionIssuer: {},
                webIdFederationData: {},
                attributes: {
                  creationDate: iso(ms - (ms % 3600_000) - 1_260_000),
                  mfaAuthenticated: 'true',
                },
              },
            }
          : {}),
      };
    },
  };
}
const maria = iamUser(ACCOUNT, 'maria.lopez');
const opsAdmin = iamUser(OTHER_ACCOUNT, 'ops-admin');

const CONSOLE_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';

// ---------------------------------------------------------------------------------------------
// Records

const TLS = (host) => ({
  tlsVersion: 'TLSv1.3',
  cipherSuite: 'TLS_AES_128_GCM_SHA256',
  clientProvidedHostHeader: host,
});

/** Assembles a record with CloudTrail's key order, leaving out what is undefined. */
function record(r) {
  const order = [
    'eventVersion',
    'userIdentity',
    'eventTime',
    'eventSource',
    'eventName',
    'awsRegion',
    'sourceIPAddress',
    'userAgent',
    'errorCode',
    'errorMessage',
    'requestParameters',
    'responseElements',
    'additionalEventData',
    'requestID',
    'eventID',
    'readOnly',
    'resources',
    'eventType',
    'apiVersion',
    'managementEvent',
    'recipientAccountId',
    'sharedEventID',
    'vpcEndpointId',
    'vpcEndpointAccountId',
    'serviceEventDetails',
    'eventCategory',
    'tlsDetails',
  ];
  const out = {};
  for (const key of order) if (r[key] !== undefined) out[key] = r[key];
  return out;
}

/** A call by a role principal. */
function call(p, ms, region, source, name, fields) {
  const data = fields.eventCategory === 'Data';
  const sdkService = fields.sdk ?? source.split('.')[0];
  const ua = `${p.userAgentBase} api/${sdkService}#3.901.0`;
  return record({
    eventVersion: '1.11',
    userIdentity: p.identity(ms),
    eventTime: iso(ms),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: fields.vpce ? `10.20.${int(16, 47)}.${int(2, 250)}` : p.ip[region],
    userAgent: source === 's3.amazonaws.com' ? `[${ua}]` : ua,
    requestParameters: null,
    responseElements: null,
    requestID: uuid(),
    eventID: uuid(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: !data,
    recipientAccountId: p.account,
    eventCategory: 'Management',
    tlsDetails: TLS(fields.host ?? `${source.split('.')[0]}.${region}.amazonaws.com`),
    ...(fields.vpce ? { vpcEndpointId: fields.vpce, vpcEndpointAccountId: p.account } : {}),
    ...fields,
    sdk: undefined,
    vpce: undefined,
    host: undefined,
  });
}

const VPCE = {
  [`${ACCOUNT}/s3`]: 'vpce-0a7c3e91d4b2f6a18',
  [`${ACCOUNT}/dynamodb`]: 'vpce-05e2d9b7c1a4f3e60',
  [`${OTHER_ACCOUNT}/s3`]: 'vpce-09d1f4c2b7e3a5d81',
};

function s3Object(p, ms, region, name, bucket, key, extra = {}) {
  const host = `${bucket}.s3.${region}.amazonaws.com`;
  const write = name !== 'GetObject' && name !== 'HeadObject';
  return call(p, ms, region, 's3.amazonaws.com', name, {
    eventVersion: '1.10',
    eventCategory: 'Data',
    readOnly: !write,
    vpce: VPCE[`${p.account}/s3`],
    host,
    requestID: s3RequestId(),
    requestParameters: { bucketName: bucket, Host: host, key, ...(extra.requestParameters ?? {}) },
    responseElements: extra.responseElements ?? null,
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: write ? int(900, 48000) : 0,
      SSEApplied: 'SSE_KMS',
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': amzId2(),
      bytesTransferredOut: write ? 0 : int(900, 48000),
    },
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: p.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
  });
}

function s3List(p, ms, region, bucket, prefix) {
  const host = `${bucket}.s3.${region}.amazonaws.com`;
  return call(p, ms, region, 's3.amazonaws.com', 'ListObjects', {
    eventVersion: '1.10',
    eventCategory: 'Data',
    vpce: VPCE[`${p.account}/s3`],
    host,
    requestID: s3RequestId(),
    requestParameters: {
      'list-type': '2',
      bucketName: bucket,
      'encoding-type': 'url',
      prefix,
      Host: host,
    },
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': amzId2(),
      bytesTransferredOut: int(400, 6000),
    },
    resources: [
      { type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${bucket}/${prefix}` },
      { accountId: p.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
  });
}

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const tableArn = (account, region, table) => `arn:aws:dynamodb:${region}:${account}:table/${table}`;
function dynamo(p, ms, region, name, table, params, { data = true, readOnly = true } = {}) {
  return call(p, ms, region, 'dynamodb.amazonaws.com', name, {
    eventCategory: data ? 'Data' : 'Management',
    readOnly,
    vpce: VPCE[`${p.account}/dynamodb`],
    requestID: chars(UPPER_ALNUM, 52),
    requestParameters: { tableName: table, ...params },
    resources: [
      {
        accountId: p.account,
        type: 'AWS::DynamoDB::Table',
        ARN: tableArn(p.account, region, table),
      },
    ],
    apiVersion: '2012-08-10',
  });
}

const queueUrl = (account, region, queue) =>
  `https://sqs.${region}.amazonaws.com/${account}/${queue}`;
const queueArn = (account, region, queue) => `arn:aws:sqs:${region}:${account}:${queue}`;
function sqs(p, ms, region, name, queue, params, { data = true, readOnly = false, response } = {}) {
  return call(p, ms, region, 'sqs.amazonaws.com', name, {
    eventCategory: data ? 'Data' : 'Management',
    readOnly,
    requestParameters: { queueUrl: queueUrl(p.account, region, queue), ...params },
    responseElements: response ?? null,
    resources: [
      { accountId: p.account, type: 'AWS::SQS::Queue', ARN: queueArn(p.account, region, queue) },
    ],
  });
}

const keyArn = (account, region) => `arn:aws:kms:${region}:${account}:key/${KMS_KEY_ID}`;
function kms(p, ms, region, name, params) {
  return call(p, ms, region, 'kms.amazonaws.com', name, {
    requestParameters: params,
    resources: [{ accountId: p.account, type: 'AWS::KMS::Key', ARN: keyArn(p.account, region) }],
  });
}

// --- the role's calls, by kind ------------------------------------------------------------------

const ORDER_KEYS = () => `orders/2026/10/${hex(8)}-${hex(4)}.json`;
const ROLE_CALLS = {
  's3:GetObject': (ms, region) =>
    s3Object(ordersApi, ms, region, 'GetObject', BUCKET, ORDER_KEYS()),
  's3:PutObject': (ms, region) =>
    s3Object(
      ordersApi,
      ms,
      region,
      'PutObject',
      BUCKET,
      `invoices/2026/10/INV-${int(10000, 99999)}.pdf`,
      {
        responseElements: {
          'x-amz-server-side-encryption-aws-kms-key-id': keyArn(ACCOUNT, region),
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-bucket-key-enabled': 'true',
        },
      },
    ),
  's3:ListObjects': (ms, region) => s3List(ordersApi, ms, region, BUCKET, 'orders/2026/10/'),
  'dynamodb:GetItem': (ms, region) =>
    dynamo(ordersApi, ms, region, 'GetItem', 'orders', {
      key: { orderId: HIDDEN },
      consistentRead: false,
    }),
  'dynamodb:PutItem': (ms, region) =>
    dynamo(
      ordersApi,
      ms,
      region,
      'PutItem',
      'orders',
      {
        item: { orderId: HIDDEN, customerId: HIDDEN, status: HIDDEN },
        conditionExpression: 'attribute_not_exists(orderId)',
      },
      { readOnly: false },
    ),
  'dynamodb:Query': (ms, region) =>
    dynamo(ordersApi, ms, region, 'Query', 'orders', {
      indexName: 'by-customer',
      keyConditionExpression: 'customerId = :c',
      expressionAttributeValues: { ':c': HIDDEN },
      limit: 25,
    }),
  'dynamodb:DescribeTable': (ms, region) =>
    dynamo(ordersApi, ms, region, 'DescribeTable', 'orders', {}, { data: false }),
  'sqs:SendMessage': (ms, region) =>
    sqs(
      ordersApi,
      ms,
      region,
      'SendMessage',
      'orders-events',
      { messageBody: HIDDEN },
      {
        response: { mD5OfMessageBody: hex(32), messageId: uuid() },
      },
    ),
  'sqs:ReceiveMessage': (ms, region) =>
    sqs(ordersApi, ms, region, 'ReceiveMessage', 'orders-events', {
      maxNumberOfMessages: 10,
      waitTimeSeconds: 20,
      messageSystemAttributeNames: ['All'],
    }),
  'sqs:DeleteMessage': (ms, region) =>
    sqs(ordersApi, ms, region, 'DeleteMessage', 'orders-events', { receiptHandle: HIDDEN }),
  'sqs:GetQueueAttributes': (ms, region) =>
    sqs(
      ordersApi,
      ms,
      region,
      'GetQueueAttributes',
      'orders-events',
      { attributeNames: ['All'] },
      {
        data: false,
        readOnly: true,
      },
    ),
  'kms:Decrypt': (ms, region) =>
    kms(ordersApi, ms, region, 'Decrypt', {
      encryptionContext: { service: 'orders-api', purpose: 'customer-pii' },
      encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    }),
  'kms:GenerateDataKey': (ms, region) =>
    kms(ordersApi, ms, region, 'GenerateDataKey', {
      keyId: 'alias/orders-api',
      encryptionContext: { service: 'orders-api', purpose: 'customer-pii' },
      keySpec: 'AES_256',
    }),
  'lambda:ListFunctions': (ms, region) =>
    call(ordersApi, ms, region, 'lambda.amazonaws.com', 'ListFunctions20150331', {
      requestParameters: { maxItems: 50 },
    }),
  'lambda:GetFunction': (ms, region) =>
    call(ordersApi, ms, region, 'lambda.amazonaws.com', 'GetFunction20150331v2', {
      requestParameters: { functionName: 'orders-pricing' },
    }),
  'cloudwatch:PutMetricData': (ms, region) =>
    call(ordersApi, ms, region, 'monitoring.amazonaws.com', 'PutMetricData', {
      sdk: 'cloudwatch',
      readOnly: false,
      requestParameters: {
        namespace: 'OrdersApi',
        metricData: [
          {
            metricName: 'OrdersPlaced',
            dimensions: [{ name: 'Environment', value: 'prod' }],
            value: int(1, 40),
            unit: 'Count',
          },
        ],
      },
    }),
  'ssm:GetParameter': (ms, region) =>
    call(ordersApi, ms, region, 'ssm.amazonaws.com', 'GetParameter', {
      requestParameters: { name: '/orders-api/prod/pricing-endpoint', withDecryption: true },
      resources: [
        {
          accountId: ACCOUNT,
          ARN: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/orders-api/prod/pricing-endpoint`,
        },
      ],
    }),
  'sts:GetCallerIdentity': (ms, region) =>
    call(ordersApi, ms, region, 'sts.amazonaws.com', 'GetCallerIdentity', {}),
};

/** The role's calls in each region, taken in turn. */
const EU_TURN = [
  's3:GetObject',
  'dynamodb:GetItem',
  'sqs:ReceiveMessage',
  'kms:Decrypt',
  's3:PutObject',
  'dynamodb:PutItem',
  'sqs:SendMessage',
  'kms:GenerateDataKey',
  'sqs:DeleteMessage',
  'dynamodb:Query',
  'cloudwatch:PutMetricData',
  's3:ListObjects',
  'ssm:GetParameter',
  'sqs:GetQueueAttributes',
  's3:GetObject',
  'dynamodb:DescribeTable',
  'lambda:GetFunction',
  'dynamodb:Query',
  'sqs:ReceiveMessage',
  'cloudwatch:PutMetricData',
];
const US_TURN = [
  'dynamodb:GetItem',
  'lambda:ListFunctions',
  'sqs:SendMessage',
  'kms:Decrypt',
  'ssm:GetParameter',
  'dynamodb:Query',
  'cloudwatch:PutMetricData',
  'sts:GetCallerIdentity',
];

// --- the role's special records -------------------------------------------------------------------

function deniedSecret(ms) {
  const secret = 'orders-api/prod/payments-provider';
  const identity = ordersApi.identity(ms);
  return call(ordersApi, ms, EU, 'secretsmanager.amazonaws.com', 'GetSecretValue', {
    errorCode: 'AccessDenied',
    errorMessage:
      `User: ${identity.arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: ` +
      `${secret} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    requestParameters: { secretId: secret },
  });
}

function missingQueue(ms) {
  return call(ordersApi, ms, US, 'sqs.amazonaws.com', 'GetQueueUrl', {
    errorCode: 'AWS.SimpleQueueService.NonExistentQueue',
    errorMessage: 'The specified queue does not exist.',
    requestParameters: { queueName: 'orders-events-dlq' },
  });
}

function assumeReportingRole(ms) {
  const expires = ms + 900_000;
  return call(ordersApi, ms, US, 'sts.amazonaws.com', 'AssumeRole', {
    host: 'sts.amazonaws.com',
    requestParameters: {
      roleArn: REPORTING_ROLE_ARN,
      roleSessionName: 'orders-api-reporting',
      durationSeconds: 900,
    },
    responseElements: {
      credentials: {
        accessKeyId: iamId('ASIA').slice(0, 20),
        sessionToken: chars(BASE64, 96),
        expiration: stsExpiration(expires),
      },
      assumedRoleUser: {
        assumedRoleId: `${reportingReader.roleId}:orders-api-reporting`,
        arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/orders-reporting-reader/orders-api-reporting`,
      },
    },
    resources: [{ accountId: OTHER_ACCOUNT, type: 'AWS::IAM::Role', ARN: REPORTING_ROLE_ARN }],
    sharedEventID: uuid(),
  });
}

function getOwnRole(ms) {
  return call(ordersApi, ms, US, 'iam.amazonaws.com', 'GetRole', {
    host: 'iam.amazonaws.com',
    requestParameters: { roleName: ROLE_NAME },
  });
}

/** A service event that carries the role's session: only its eventType tells it from a call. */
function keyRotationServiceEvent(ms) {
  return record({
    eventVersion: '1.11',
    userIdentity: ordersApi.identity(ms),
    eventTime: iso(ms),
    eventSource: 'kms.amazonaws.com',
    eventName: 'RotateKey',
    awsRegion: EU,
    sourceIPAddress: 'kms.amazonaws.com',
    userAgent: 'kms.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    additionalEventData: { keyId: keyArn(ACCOUNT, EU), rotationType: 'ON_DEMAND' },
    requestID: uuid(),
    eventID: uuid(),
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: keyArn(ACCOUNT, EU) }],
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  });
}

// --- noise -------------------------------------------------------------------------------------

function consoleLogin(user, ms) {
  return record({
    eventVersion: '1.11',
    userIdentity: user.identity(),
    eventTime: iso(ms),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: US,
    sourceIPAddress: '81.2.69.160',
    userAgent: CONSOLE_UA,
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      MobileVersion: 'No',
      MFAIdentifier: `arn:aws:iam::${user.account}:mfa/${user.userName}`,
      MFAUsed: 'Yes',
    },
    eventID: uuid(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: user.account,
    eventCategory: 'Management',
    tlsDetails: TLS('signin.aws.amazon.com'),
  });
}

function userCall(user, ms, region, source, name, fields = {}) {
  return record({
    eventVersion: '1.11',
    userIdentity: user.identity(ms),
    eventTime: iso(ms),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: '81.2.69.160',
    userAgent: 'AWS Internal',
    requestParameters: null,
    responseElements: null,
    requestID: uuid(),
    eventID: uuid(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: user.account,
    eventCategory: 'Management',
    ...fields,
  });
}

function serviceCall(account, ms, region, service, source, name, fields) {
  return record({
    eventVersion: '1.11',
    userIdentity: { type: 'AWSService', invokedBy: service },
    eventTime: iso(ms),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: service,
    userAgent: service,
    requestParameters: null,
    responseElements: null,
    requestID: uuid(),
    eventID: uuid(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...fields,
  });
}

/** ECS fetching credentials of a task role: the resource is the role, the caller a service. */
function ecsAssumesRole(principal, roleArn, ms) {
  const account = principal.account;
  const session = principal.session(ms);
  return serviceCall(
    account,
    ms,
    US,
    'ecs-tasks.amazonaws.com',
    'sts.amazonaws.com',
    'AssumeRole',
    {
      requestParameters: { roleArn, roleSessionName: session },
      responseElements: {
        credentials: {
          accessKeyId: iamId('ASIA').slice(0, 20),
          sessionToken: chars(BASE64, 96),
          expiration: stsExpiration(ms + 6 * 3600_000),
        },
        assumedRoleUser: {
          assumedRoleId: `${principal.roleId}:${session}`,
          arn: `arn:aws:sts::${account}:assumed-role/${ROLE_NAME}/${session}`,
        },
      },
      resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: roleArn }],
      sharedEventID: uuid(),
    },
  );
}

const NOISE = {
  [`${ACCOUNT}/${US}`]: [
    (ms) => ecsAssumesRole(ordersApi, ROLE_ARN, ms),
    (ms) =>
      userCall(maria, ms, US, 'iam.amazonaws.com', 'GetRole', {
        requestParameters: { roleName: ROLE_NAME },
        tlsDetails: TLS('iam.amazonaws.com'),
      }),
    (ms) =>
      call(ciDeployer, ms, US, 'iam.amazonaws.com', 'GetRole', {
        host: 'iam.amazonaws.com',
        requestParameters: { roleName: ROLE_NAME },
      }),
    (ms) =>
      serviceCall(ACCOUNT, ms, US, 'cloudtrail.amazonaws.com', 's3.amazonaws.com', 'GetBucketAcl', {
        requestParameters: {
          bucketName: TRAIL_BUCKET,
          Host: `${TRAIL_BUCKET}.s3.amazonaws.com`,
          acl: '',
        },
        resources: [
          { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${TRAIL_BUCKET}` },
        ],
      }),
    (ms) =>
      userCall(maria, ms, US, 's3.amazonaws.com', 'ListBuckets', {
        requestParameters: { Host: 's3.amazonaws.com' },
        tlsDetails: TLS('s3.amazonaws.com'),
      }),
    (ms) =>
      call(ciDeployer, ms, US, 'lambda.amazonaws.com', 'ListFunctions20150331', {
        requestParameters: null,
      }),
  ],
  [`${ACCOUNT}/${EU}`]: [
    (ms) =>
      call(ciDeployer, ms, EU, 'ecs.amazonaws.com', 'UpdateService', {
        readOnly: false,
        requestParameters: {
          cluster: 'prod',
          service: ROLE_NAME,
          taskDefinition: `arn:aws:ecs:${EU}:${ACCOUNT}:task-definition/orders-api:${int(180, 220)}`,
          forceNewDeployment: false,
        },
      }),
    (ms) =>
      userCall(maria, ms, EU, 'dynamodb.amazonaws.com', 'DescribeTable', {
        requestParameters: { tableName: 'orders' },
        resources: [
          {
            accountId: ACCOUNT,
            type: 'AWS::DynamoDB::Table',
            ARN: tableArn(ACCOUNT, EU, 'orders'),
          },
        ],
        apiVersion: '2012-08-10',
      }),
    (ms) =>
      call(ciDeployer, ms, EU, 'lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', {
        readOnly: false,
        requestParameters: {
          functionName: 'orders-pricing',
          s3Bucket: 'acme-ci-artifacts',
          s3Key: `orders-pricing/${hex(40)}.zip`,
          publish: true,
        },
      }),
    (ms) =>
      userCall(maria, ms, EU, 'monitoring.amazonaws.com', 'DescribeAlarms', {
        requestParameters: { alarmNamePrefix: 'orders-api', maxRecords: 100 },
      }),
    (ms) =>
      serviceCall(ACCOUNT, ms, EU, 'dynamodb.amazonaws.com', 'kms.amazonaws.com', 'Decrypt', {
        requestParameters: {
          encryptionContext: {
            'aws:dynamodb:tableName': 'orders',
            'aws:dynamodb:subscriberId': ACCOUNT,
          },
          encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        },
        resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: keyArn(ACCOUNT, EU) }],
      }),
    (ms) => s3Object(ciDeployer, ms, EU, 'GetObject', BUCKET, 'config/feature-flags.json'),
  ],
  [`${OTHER_ACCOUNT}/${EU}`]: [
    (ms) => s3Object(otherOrdersApi, ms, EU, 'GetObject', OTHER_BUCKET, ORDER_KEYS()),
    (ms) => s3Object(otherOrdersApi, ms, EU, 'DeleteObject', OTHER_BUCKET, ORDER_KEYS()),
    (ms) =>
      dynamo(otherOrdersApi, ms, EU, 'Scan', 'orders', {
        filterExpression: '#s = :s',
        expressionAttributeNames: { '#s': 'status' },
        expressionAttributeValues: { ':s': HIDDEN },
      }),
    (ms) =>
      call(otherOrdersApi, ms, EU, 'secretsmanager.amazonaws.com', 'GetSecretValue', {
        requestParameters: { secretId: 'orders-api/prod/payments-provider' },
        responseElements: null,
      }),
    (ms) =>
      call(otherOrdersApi, ms, EU, 'sns.amazonaws.com', 'Publish', {
        readOnly: false,
        requestParameters: {
          topicArn: `arn:aws:sns:${EU}:${OTHER_ACCOUNT}:orders-archived`,
          message: HIDDEN,
        },
        responseElements: { messageId: uuid() },
      }),
    (ms) => dynamo(otherOrdersApi, ms, EU, 'GetItem', 'orders', { key: { orderId: HIDDEN } }),
    (ms) => kms(otherOrdersApi, ms, EU, 'Decrypt', { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
    (ms) =>
      s3Object(
        reportingReader,
        ms,
        EU,
        'GetObject',
        'acme-reports-444455556666',
        `daily/${hex(8)}.parquet`,
      ),
  ],
  [`${OTHER_ACCOUNT}/${US}`]: [
    (ms) => ecsAssumesRole(otherOrdersApi, OTHER_ROLE_ARN, ms),
    (ms) =>
      call(otherOrdersApi, ms, US, 'iam.amazonaws.com', 'GetRole', {
        host: 'iam.amazonaws.com',
        requestParameters: { roleName: ROLE_NAME },
      }),
    (ms) =>
      userCall(opsAdmin, ms, US, 'ec2.amazonaws.com', 'DescribeInstances', {
        requestParameters: { instancesSet: {}, filterSet: {} },
      }),
    (ms) =>
      call(otherOrdersApi, ms, US, 'sts.amazonaws.com', 'GetCallerIdentity', {
        host: 'sts.amazonaws.com',
      }),
    (ms) =>
      userCall(opsAdmin, ms, US, 'iam.amazonaws.com', 'ListRoles', {
        requestParameters: { pathPrefix: '/service/' },
        tlsDetails: TLS('iam.amazonaws.com'),
      }),
  ],
};

// ---------------------------------------------------------------------------------------------
// The deliveries: which files, and what is in each

/** [day, role calls in the file, special records] per account and region. */
const PLAN = {
  [`${ACCOUNT}/${EU}`]: [
    [5, 5],
    [7, 6],
    [8, 5, ['denied']],
    [9, 6],
    [12, 5],
    [14, 6],
    [15, 5, ['duplicate']],
    [15, 4, ['duplicate']],
    [16, 6],
    [19, 5],
    [20, 5, ['serviceEvent']],
    [22, 6],
    [23, 5],
    [26, 6],
    [28, 5],
    [30, 6],
  ],
  [`${ACCOUNT}/${US}`]: [
    [5, 3, ['consoleLogin']],
    [6, 3, ['getRole']],
    [8, 4],
    [9, 3],
    [12, 3, ['assumeRole']],
    [13, 4, ['missingQueue']],
    [15, 3],
    [19, 4],
    [21, 3, ['consoleLogin']],
    [22, 3],
    [26, 3, ['assumeRole']],
    [27, 4],
    [29, 3, ['getRole']],
    [30, 4],
  ],
  [`${OTHER_ACCOUNT}/${EU}`]: [[6], [9], [13], [16], [20], [23], [27], [30]],
  [`${OTHER_ACCOUNT}/${US}`]: [[5, 0, ['consoleLogin']], [12], [19], [26], [29], [30]],
};

// A real trail delivers files every day for every account and region (AWS services alone make
// events), so every day of October gets a file, noise only where the plan has
// none: a day without a file is a gap in the coverage.
for (const entries of Object.values(PLAN)) {
  const days = new Set(entries.map(([day]) => day));
  for (let day = 1; day <= 31; day++) if (!days.has(day)) entries.push([day]);
  entries.sort((a, b) => a[0] - b[0]);
}

const files = []; // { account, region, delivered, records }
const turns = { [EU]: 0, [US]: 0 };
let noiseTurn = 0;
let duplicate;

for (const [where, entries] of Object.entries(PLAN)) {
  const [account, region] = where.split('/');
  let previous;
  for (const [day, roleCalls = 0, specials = []] of entries) {
    // Delivery: a multiple of 5 minutes, 07:00-20:55; the second file of a day 5 minutes later.
    const delivered =
      previous && previous.day === day
        ? previous.delivered + 300_000
        : at(day, int(7, 20), 5 * int(0, 11));
    previous = { day, delivered };
    const records = [];
    const eventTime = () => delivered - int(45, 13 * 60) * 1000; // 45 s to 13 min before
    if (account === ACCOUNT) {
      const turn = region === EU ? EU_TURN : US_TURN;
      for (let i = 0; i < roleCalls; i++) {
        records.push(ROLE_CALLS[turn[turns[region]++ % turn.length]](eventTime(), region));
      }
    }
    for (const special of specials) {
      if (special === 'denied') records.push(deniedSecret(eventTime()));
      if (special === 'missingQueue') records.push(missingQueue(eventTime()));
      if (special === 'assumeRole') records.push(assumeReportingRole(eventTime()));
      if (special === 'getRole') records.push(getOwnRole(eventTime()));
      if (special === 'serviceEvent') records.push(keyRotationServiceEvent(eventTime()));
      if (special === 'consoleLogin')
        records.push(consoleLogin(account === ACCOUNT ? maria : opsAdmin, eventTime()));
      if (special === 'duplicate') {
        // The same record delivered again in the next file.
        duplicate ??= ROLE_CALLS['s3:GetObject'](delivered - 70_000, region);
        records.push(duplicate);
      }
    }
    const noise = NOISE[where];
    const noiseCount = account === ACCOUNT ? int(1, 3) : int(4, 7);
    for (let i = 0; i < noiseCount; i++)
      records.push(noise[noiseTurn++ % noise.length](eventTime()));
    records.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
    files.push({ account, region, delivered, records });
  }
}

// ---------------------------------------------------------------------------------------------
// Expected result, computed from the records as written

/** IAM actions of the role's calls: only what this example contains. */
const ACTION_OF = {
  's3.amazonaws.com GetObject': 's3:GetObject',
  's3.amazonaws.com PutObject': 's3:PutObject',
  's3.amazonaws.com ListObjects': 's3:ListBucket',
  'dynamodb.amazonaws.com GetItem': 'dynamodb:GetItem',
  'dynamodb.amazonaws.com PutItem': 'dynamodb:PutItem',
  'dynamodb.amazonaws.com Query': 'dynamodb:Query',
  'dynamodb.amazonaws.com DescribeTable': 'dynamodb:DescribeTable',
  'sqs.amazonaws.com SendMessage': 'sqs:SendMessage',
  'sqs.amazonaws.com ReceiveMessage': 'sqs:ReceiveMessage',
  'sqs.amazonaws.com DeleteMessage': 'sqs:DeleteMessage',
  'sqs.amazonaws.com GetQueueAttributes': 'sqs:GetQueueAttributes',
  'sqs.amazonaws.com GetQueueUrl': 'sqs:GetQueueUrl',
  'kms.amazonaws.com Decrypt': 'kms:Decrypt',
  'kms.amazonaws.com GenerateDataKey': 'kms:GenerateDataKey',
  'lambda.amazonaws.com ListFunctions20150331': 'lambda:ListFunctions',
  'lambda.amazonaws.com GetFunction20150331v2': 'lambda:GetFunction',
  'monitoring.amazonaws.com PutMetricData': 'cloudwatch:PutMetricData',
  'ssm.amazonaws.com GetParameter': 'ssm:GetParameter',
  'sts.amazonaws.com AssumeRole': 'sts:AssumeRole',
  'iam.amazonaws.com GetRole': 'iam:GetRole',
  'secretsmanager.amazonaws.com GetSecretValue': 'secretsmanager:GetSecretValue',
  'sts.amazonaws.com GetCallerIdentity': null, // needs no permission
};
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
]);

function expectedResult() {
  const seen = new Set();
  const used = new Set();
  const denied = new Set();
  const perRecord = {
    apiCalls: 0,
    duplicates: 0,
    serviceEvents: 0,
    otherAccount: 0,
    errors: 0,
    noPermission: 0,
  };
  let records = 0;
  for (const file of files) {
    for (const r of file.records) {
      records++;
      const issuer = r.userIdentity?.sessionContext?.sessionIssuer?.arn;
      if (issuer === OTHER_ROLE_ARN) perRecord.otherAccount++;
      if (issuer !== ROLE_ARN) continue;
      if (r.eventType !== 'AwsApiCall') {
        perRecord.serviceEvents++;
        continue;
      }
      if (seen.has(r.eventID)) {
        perRecord.duplicates++;
        continue;
      }
      seen.add(r.eventID);
      perRecord.apiCalls++;
      const key = `${r.eventSource} ${r.eventName}`;
      if (!(key in ACTION_OF)) throw new Error(`no action for ${key}`);
      const action = ACTION_OF[key];
      if (action === null) {
        perRecord.noPermission++;
        continue;
      }
      if (r.errorCode && DENIED_CODES.has(r.errorCode)) {
        denied.add(action);
        continue;
      }
      if (r.errorCode) perRecord.errors++;
      used.add(action);
    }
  }
  for (const action of denied)
    if (used.has(action)) throw new Error(`${action} both used and denied`);
  return {
    expected: {
      used: [...used].sort(),
      denied: [...denied].sort(),
      matchedRecords: perRecord.apiCalls,
      files: files.length,
      records,
    },
    perRecord,
  };
}

// ---------------------------------------------------------------------------------------------
// Files

const outputs = new Map(); // path relative to examples/ -> Buffer

function gzip(text, mtimeMs) {
  const buffer = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  buffer.writeUInt32LE(Math.floor(mtimeMs / 1000), 4); // MTIME: the delivery time, not now
  buffer[9] = 3; // OS: Unix, whatever platform runs this
  return buffer;
}

const logKey = (f) => {
  const d = new Date(f.delivered);
  const ymd = [
    d.getUTCFullYear(),
    String(d.getUTCMonth() + 1).padStart(2, '0'),
    String(d.getUTCDate()).padStart(2, '0'),
  ];
  const name = `${f.account}_CloudTrail_${f.region}_${stamp(f.delivered)}_${chars(ALNUM, 16)}.json.gz`;
  return `AWSLogs/${ORG_ID}/${f.account}/CloudTrail/${f.region}/${ymd.join('/')}/${name}`;
};

for (const f of files) {
  f.key = logKey(f);
  f.text = JSON.stringify({ Records: f.records });
  outputs.set(join('org-trail', f.key), gzip(f.text, f.delivered));
}

// Digests: hourly per account and region; a few of them, each listing the log files of its hour.
const DIGESTS = [
  [ACCOUNT, EU, 8],
  [ACCOUNT, EU, 15],
  [ACCOUNT, US, 12],
  [ACCOUNT, US, 13],
  [OTHER_ACCOUNT, EU, 9],
];
const previousDigest = new Map();
const fingerprint = hex(32);
for (const [account, region, day] of DIGESTS) {
  const inHour = files.filter(
    (f) =>
      f.account === account && f.region === region && new Date(f.delivered).getUTCDate() === day,
  );
  const end =
    inHour.at(-1).delivered -
    (inHour.at(-1).delivered % 3600_000) +
    3600_000 +
    17_000 +
    int(0, 40) * 1000;
  const start = end - 3600_000;
  const listed = inHour.filter((f) => f.delivered > start && f.delivered <= end);
  const times = listed.flatMap((f) => f.records.map((r) => r.eventTime)).sort();
  const d = new Date(end);
  const folder = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  const name = `${account}_CloudTrail-Digest_${region}_${TRAIL_NAME}_${TRAIL_HOME_REGION}_${iso(end).replace(/[-:]/g, '')}.json.gz`;
  const key = `AWSLogs/${ORG_ID}/${account}/CloudTrail-Digest/${region}/${folder}/${name}`;
  const previous = previousDigest.get(`${account}/${region}`);
  const digest = {
    awsAccountId: account,
    digestStartTime: iso(start),
    digestEndTime: iso(end),
    digestS3Bucket: TRAIL_BUCKET,
    digestS3Object: key,
    digestPublicKeyFingerprint: fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.at(-1) ?? null,
    oldestEventTime: times[0] ?? null,
    previousDigestS3Bucket: previous ? TRAIL_BUCKET : null,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous?.hash ?? null,
    previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
    previousDigestSignature: previous ? hex(512) : null,
    logFiles: listed.map((f) => {
      const t = f.records.map((r) => r.eventTime).sort();
      return {
        s3Bucket: TRAIL_BUCKET,
        s3Object: f.key,
        hashValue: createHash('sha256').update(f.text).digest('hex'),
        hashAlgorithm: 'SHA-256',
        newestEventTime: t.at(-1),
        oldestEventTime: t[0],
      };
    }),
  };
  const text = JSON.stringify(digest);
  previousDigest.set(`${account}/${region}`, {
    key,
    hash: createHash('sha256').update(text).digest('hex'),
  });
  outputs.set(join('org-trail', key), gzip(text, end));
}

// The role's current policy: plain Allow statements, more than the role uses.
const currentPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DocumentsBucket',
      Effect: 'Allow',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    },
    {
      Sid: 'OrdersTable',
      Effect: 'Allow',
      Action: 'dynamodb:*',
      Resource: [
        `arn:aws:dynamodb:*:${ACCOUNT}:table/orders`,
        `arn:aws:dynamodb:*:${ACCOUNT}:table/orders/index/*`,
      ],
    },
    {
      Sid: 'OrderQueues',
      Effect: 'Allow',
      Action: 'sqs:*',
      Resource: `arn:aws:sqs:*:${ACCOUNT}:orders-*`,
    },
    {
      Sid: 'OrdersKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'],
      Resource: `arn:aws:kms:*:${ACCOUNT}:key/${KMS_KEY_ID}`,
    },
    {
      Sid: 'Functions',
      Effect: 'Allow',
      Action: ['lambda:List*', 'lambda:GetFunction'],
      Resource: '*',
    },
    {
      Sid: 'Configuration',
      Effect: 'Allow',
      Action: 'ssm:GetParameter*',
      Resource: `arn:aws:ssm:*:${ACCOUNT}:parameter/orders-api/*`,
    },
    { Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' },
    { Sid: 'OwnRole', Effect: 'Allow', Action: 'iam:GetRole', Resource: ROLE_ARN },
    {
      Sid: 'PassWorkerRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: `arn:aws:iam::${ACCOUNT}:role/service/orders-worker`,
    },
    { Sid: 'Describe', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
    { Sid: 'Reporting', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: REPORTING_ROLE_ARN },
  ],
};
outputs.set('current-policy.json', Buffer.from(`${JSON.stringify(currentPolicy, null, 2)}\n`));

const { expected, perRecord } = expectedResult();

// Sanity: what the example promises.
const mustUse = [
  ...new Set(Object.values(ACTION_OF).filter((a) => a && !a.startsWith('secretsmanager:'))),
];
for (const action of mustUse)
  if (!expected.used.includes(action)) throw new Error(`${action} never used`);
if (expected.denied.join() !== 'secretsmanager:GetSecretValue')
  throw new Error(`denied: ${expected.denied}`);
if (perRecord.duplicates !== 1 || perRecord.serviceEvents !== 1 || perRecord.errors !== 1) {
  throw new Error(`traps: ${JSON.stringify(perRecord)}`);
}
if (files.length < 100 || files.length > 140) throw new Error(`${files.length} log files`);
for (const f of files) {
  for (const r of f.records) {
    if (/^(iam|sts)\./.test(r.eventSource) && f.region !== US)
      throw new Error('IAM/STS outside us-east-1');
    if (r.awsRegion !== f.region || r.recipientAccountId !== f.account)
      throw new Error(`misfiled ${r.eventID}`);
    if (r.eventTime > iso(f.delivered)) throw new Error(`record after delivery in ${f.key}`);
  }
}

outputs.set('expected.json', Buffer.from(`${JSON.stringify(expected, null, 2)}\n`));

const tree = (account, region) => {
  const n = files.filter((f) => f.account === account && f.region === region).length;
  return `${n} log files`;
};
const digestCount = DIGESTS.length;
const readme = `# Example: an organization trail and the role \`orders-api\`

Generated by \`node scripts/make-example.mjs\` (deterministic: re-running it rewrites the same
bytes; \`--check\` verifies without writing). Do not edit these files by hand.

\`\`\`sh
npm run example   # node dist/cli/index.js --role ${ROLE_ARN} --logs examples/org-trail --current-policy examples/current-policy.json
\`\`\`

## What is here

- \`org-trail/\` — the root of the trail's S3 bucket (\`${TRAIL_BUCKET}\`, organization \`${ORG_ID}\`),
  laid out as CloudTrail writes it:
  \`AWSLogs/${ORG_ID}/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz\`,
  each file the gzip of \`{"Records":[...]}\`. Days 2026-10-01 to 2026-10-31 (a file every day for every account and region: the role is active from the 5th to the 30th).
  - \`${ACCOUNT}\` (the role's account): us-east-1 ${tree(ACCOUNT, US)}, eu-west-1 ${tree(ACCOUNT, EU)}.
  - \`${OTHER_ACCOUNT}\`: us-east-1 ${tree(OTHER_ACCOUNT, US)}, eu-west-1 ${tree(OTHER_ACCOUNT, EU)}.
  - ${digestCount} digest files under \`CloudTrail-Digest/\` (\`{"logFiles":[...]}\`, no \`Records\`),
    which a reader must skip.
- \`current-policy.json\` — the role's identity policy today: plain \`Allow\` statements with
  \`Action\` (no \`NotAction\`, no \`Condition\`) granting more than the role uses.
- \`expected.json\` — the numbers below, for tests.

## The role

\`${ROLE_ARN}\` (path \`/service/\`), an ECS task role. Its records have \`userIdentity.type\`
\`AssumedRole\`, \`arn\` \`arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/<task id>\` (no path),
and \`sessionContext.sessionIssuer.arn\` the role ARN with its path. It uses S3 (data events on
\`${BUCKET}\`), DynamoDB (data events on table \`orders\`, and \`DescribeTable\`), SQS, KMS (a
multi-Region key), Lambda, SSM Parameter Store, CloudWatch metrics, STS and IAM, in eu-west-1 and
us-east-1 (IAM and STS events only in us-east-1).

## Traps in it

- **Denied call**: \`secretsmanager:GetSecretValue\` with \`errorCode\` \`AccessDenied\` — denied, not used.
- **Error after authorization**: \`GetQueueUrl\` failing with \`AWS.SimpleQueueService.NonExistentQueue\`
  — the permission was used: \`sqs:GetQueueUrl\` is in the used set only because of this record.
- **Duplicate delivery**: one S3 \`GetObject\` record (same \`eventID\`) in two eu-west-1 files of
  2026-10-15 — count it once.
- **Names that are not action names**: \`ListFunctions20150331\` → \`lambda:ListFunctions\`,
  \`GetFunction20150331v2\` → \`lambda:GetFunction\`, \`ListObjects\` → \`s3:ListBucket\`,
  \`monitoring.amazonaws.com\` \`PutMetricData\` → \`cloudwatch:PutMetricData\`.
- **Needs no permission**: \`sts:GetCallerIdentity\` calls (counted as matched records, no action).
- **Service event**: a KMS \`RotateKey\` record with \`eventType\` \`AwsServiceEvent\` that carries the
  role's session in \`userIdentity\` — not a call; not counted.
- **Same role name elsewhere**: \`${OTHER_ROLE_ARN}\` (same name, same path, other account) calls
  \`s3:DeleteObject\`, \`dynamodb:Scan\`, \`sns:Publish\` and a *successful*
  \`secretsmanager:GetSecretValue\` — none of it is the role's.
- **Text that names the role but is someone else's**: \`ci-deployer\` sessions named \`orders-api\`
  (\`assumed-role/ci-deployer/orders-api\`), \`iam:GetRole\` on \`orders-api\` by a user and by CI,
  ECS (\`AWSService\`, \`ecs-tasks.amazonaws.com\`) calling \`AssumeRole\` with the role as resource,
  and the role \`orders-reporting-reader\` (in ${OTHER_ACCOUNT}) that the role assumes.
- **Not calls**: console sign-ins (\`eventType\` \`AwsConsoleSignIn\`, \`ConsoleLogin\`).
- **Digests** under \`CloudTrail-Digest/\` — skip.

## What the report should show

Used successfully (${expected.used.length} actions):

\`\`\`text
${expected.used.join('\n')}
\`\`\`

Denied (never granted, never to be proposed as used):

\`\`\`text
${expected.denied.join('\n')}
\`\`\`

Matched API-call records for the role: **${expected.matchedRecords}** (every \`AwsApiCall\` whose
\`sessionIssuer.arn\` is the role, counting the denied call, the failed \`GetQueueUrl\` and the
${perRecord.noPermission} \`GetCallerIdentity\` calls; the duplicate counted once; not the service event;
not the same-named role in ${OTHER_ACCOUNT}).
Log files: **${expected.files}** (digests excluded); records in them: **${expected.records}**
(the duplicate counted twice).

Against \`current-policy.json\` every used action is granted. Granted but unused:
\`kms:Encrypt\`, \`iam:PassRole\` (never visible in CloudTrail: it cannot be proven used or
unused), all of \`ec2:Describe*\`; and most of the wildcards: of \`s3:*\` only \`GetObject\`,
\`PutObject\`, \`ListBucket\`; of \`dynamodb:*\` only \`GetItem\`, \`PutItem\`, \`Query\`,
\`DescribeTable\`; of \`sqs:*\` only \`SendMessage\`, \`ReceiveMessage\`, \`DeleteMessage\`,
\`GetQueueAttributes\`, \`GetQueueUrl\`; of \`lambda:List*\` only \`ListFunctions\`; of
\`ssm:GetParameter*\` only \`GetParameter\`. \`secretsmanager:GetSecretValue\` is denied and not
granted.
`;
outputs.set('README.md', Buffer.from(readme));

// ---------------------------------------------------------------------------------------------
// Write (or check)

function listFiles(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    out = statSync(path).isDirectory() ? out.concat(listFiles(path)) : out.concat(path);
  }
  return out;
}

if (process.argv.includes('--check')) {
  const problems = [];
  for (const [path, content] of outputs) {
    let actual;
    try {
      actual = readFileSync(join(EXAMPLES, path));
    } catch {
      actual = undefined;
    }
    if (!actual || !actual.equals(content)) problems.push(`differs or missing: examples/${path}`);
  }
  for (const path of listFiles(TRAIL_DIR)) {
    if (!outputs.has(relative(EXAMPLES, path)))
      problems.push(`not generated: ${relative(ROOT, path)}`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error('Run `node scripts/make-example.mjs` to regenerate examples/.');
    process.exit(1);
  }
  console.log(`examples/ is up to date (${outputs.size} files).`);
} else {
  rmSync(TRAIL_DIR, { recursive: true, force: true });
  for (const [path, content] of outputs) {
    const full = join(EXAMPLES, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  const bytes = [...outputs.values()].reduce((sum, b) => sum + b.length, 0);
  console.log(`Wrote ${outputs.size} files under examples/ (${bytes} bytes).`);
}
console.log(JSON.stringify(expected, null, 2));
console.log(`role records: ${JSON.stringify(perRecord)}`);
