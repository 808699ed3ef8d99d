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
const CI_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ci-deployer`;
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

// The records of orders-api and its neighbours draw from one sequence; the principals added to
// the same files later (ci-deployer's deployments, the DataAnalyst permission set) from another,
// so that adding or changing them leaves every byte of the first part as it was.
let random = mulberry32(20261005);
const FLEET_RANDOM = mulberry32(20261101);
/** Runs `fn` drawing from `rng` instead of the current sequence. */
function drawingFrom(rng, fn) {
  const saved = random;
  random = rng;
  try {
    return fn();
  } finally {
    random = saved;
  }
}
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
  roleArn: CI_ROLE_ARN,
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
    vpce: 'vpce' in extra ? extra.vpce : VPCE[`${p.account}/s3`],
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
    ...extra.fields,
  });
}

function s3List(p, ms, region, bucket, prefix, extra = {}) {
  const host = `${bucket}.s3.${region}.amazonaws.com`;
  return call(p, ms, region, 's3.amazonaws.com', 'ListObjects', {
    eventVersion: '1.10',
    eventCategory: 'Data',
    vpce: 'vpce' in extra ? extra.vpce : VPCE[`${p.account}/s3`],
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
    ...extra.fields,
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
// Two more principals in the same files: ci-deployer's deployments and the DataAnalyst
// permission set's roles (and a second permission set whose name starts the same). They are
// added to the files planned above, drawing from FLEET_RANDOM: the records above, the file
// names and the digests come out byte for byte as without them.

const ARTIFACTS_BUCKET = 'acme-ci-artifacts';
const ORDERS_STACK = 'orders-api-infra';
const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';
const ATHENA = 'athena.amazonaws.com';
const WORKGROUP = 'analysts';
/** Where each account's analysts work: its data lake's region, bucket and Glue database. */
const LAKE = {
  [ACCOUNT]: { region: US, bucket: `acme-data-lake-${ACCOUNT}`, database: 'orders_curated' },
  [OTHER_ACCOUNT]: {
    region: EU,
    bucket: `acme-data-lake-${OTHER_ACCOUNT}`,
    database: 'orders_archive',
  },
};
const LAKE_TABLES = ['orders', 'order_items', 'customers_daily'];
const CLI_UA =
  'aws-cli/2.31.4 md/awscrt#0.27.6 ua/2.1 os/macos#24.6.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython m/E,b cfg/retry-mode#standard md/installer#exe md/prompt#off';
const kebab = (name) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * A permission set's role in one account: `AWSReservedSSO_<set>_<16 hex>` under IAM Identity
 * Center's path, with the region segment where the account's assignment was made from a
 * regional instance; the suffix differs per account.
 */
function permissionSetRole(account, permissionSet, regionSegment) {
  const roleName = `AWSReservedSSO_${permissionSet}_${hex(16)}`;
  const path = regionSegment ? `${SSO_PATH}${regionSegment}/` : SSO_PATH;
  return {
    account,
    permissionSet,
    roleName,
    roleArn: `arn:aws:iam::${account}:role${path}${roleName}`,
    roleId: iamId('AROA'),
  };
}

/**
 * A person signed in through the access portal: the role's credentials for an hour (the
 * permission set's session duration), the session named after the person's e-mail address.
 * `tool` is `console` (userAgent "AWS Internal") or `cli`.
 */
function ssoSession(role, email, ip, tool) {
  const keys = new Map();
  return {
    account: role.account,
    ip: { [EU]: ip, [US]: ip },
    userAgentBase: CLI_UA,
    userAgent: (source, name) =>
      tool === 'console'
        ? 'AWS Internal'
        : source === 's3.amazonaws.com'
          ? `[${CLI_UA} md/command#s3.${name === 'GetObject' ? 'cp' : 'ls'}]`
          : `${CLI_UA} md/command#${source.split('.')[0]}.${kebab(name)}`,
    identity(ms) {
      let created = ms - (ms % 3600_000) + 180_000;
      if (created > ms) created -= 3600_000;
      if (!keys.has(created)) keys.set(created, iamId('ASIA').slice(0, 20));
      return roleSessionIdentity(
        role.account,
        role.roleArn,
        role.roleName,
        role.roleId,
        { name: email },
        keys.get(created),
        created,
      );
    },
  };
}

/** The session as it appears in the calls a service makes with its credentials (Athena's). */
function invokedBy(session, service) {
  return {
    ...session,
    ip: { [EU]: service, [US]: service },
    userAgent: () => service,
    identity: (ms) => ({ ...session.identity(ms), invokedBy: service }),
  };
}

/** A call by a person's session: `call` with the person's user agent. */
function personCall(s, ms, region, source, name, fields = {}) {
  return call(s, ms, region, source, name, { userAgent: s.userAgent(source, name), ...fields });
}

const lakeObject = (table, day) =>
  `${table}/year=2026/month=10/day=${String(day).padStart(2, '0')}/part-00000-${uuid()}.c000.snappy.parquet`;
/** S3 options for a person's data events: from the internet, not a VPC endpoint. */
const lakeS3 = (s, name) => ({
  vpce: undefined,
  fields: { userAgent: s.userAgent('s3.amazonaws.com', name) },
});

/** One Athena query, as the person's calls and Athena's calls with the person's credentials. */
function athenaQuery(s, next, region, day) {
  const { bucket, database } = LAKE[s.account];
  const table = pick(LAKE_TABLES);
  const athena = invokedBy(s, ATHENA);
  const queryExecutionId = uuid();
  const records = [
    personCall(s, next(), region, 'glue.amazonaws.com', 'GetDatabase', {
      requestParameters: { name: database },
    }),
    personCall(s, next(), region, 'glue.amazonaws.com', 'GetTable', {
      requestParameters: { databaseName: database, name: table },
    }),
    personCall(s, next(), region, ATHENA, 'StartQueryExecution', {
      readOnly: false,
      requestParameters: {
        queryString: HIDDEN,
        clientRequestToken: uuid(),
        queryExecutionContext: { database, catalog: 'AwsDataCatalog' },
        workGroup: WORKGROUP,
      },
      responseElements: { queryExecutionId },
    }),
    personCall(athena, next(1, 3), region, 'glue.amazonaws.com', 'GetTable', {
      requestParameters: { databaseName: database, name: table },
    }),
    s3List(athena, next(1, 3), region, bucket, `${table}/year=2026/month=10/`, lakeS3(athena)),
  ];
  for (let i = int(1, 2); i > 0; i--) {
    const key = lakeObject(table, day);
    records.push(s3Object(athena, next(1, 4), region, 'GetObject', bucket, key, lakeS3(athena)));
  }
  for (let i = int(1, 2); i > 0; i--)
    records.push(
      personCall(s, next(), region, ATHENA, 'GetQueryExecution', {
        requestParameters: { queryExecutionId },
      }),
    );
  records.push(
    personCall(s, next(), region, ATHENA, 'GetQueryResults', {
      requestParameters: { queryExecutionId, maxResults: 1000 },
    }),
  );
  return records;
}

/** `aws s3 ls` and `aws s3 cp` on the data lake, by a person at the command line. */
function lakeDownload(s, next, region, day) {
  const { bucket } = LAKE[s.account];
  const table = LAKE_TABLES[0];
  return [
    s3List(s, next(), region, bucket, `${table}/year=2026/month=10/`, lakeS3(s, 'ListObjects')),
    s3Object(
      s,
      next(),
      region,
      'GetObject',
      bucket,
      lakeObject(table, day),
      lakeS3(s, 'GetObject'),
    ),
  ];
}

const whoAmI = (s, next) =>
  personCall(s, next(), US, 'sts.amazonaws.com', 'GetCallerIdentity', {
    host: 'sts.us-east-1.amazonaws.com',
  });

// --- ci-deployer: a GitHub Actions workflow that pushes an image and deploys a stack ----------

const ecrRepo = (region, repo) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/${repo}`;
function ecr(ms, region, name, repo, params, { readOnly = false, response, ...fields } = {}) {
  return call(ciDeployer, ms, region, 'ecr.amazonaws.com', name, {
    readOnly,
    host: `api.ecr.${region}.amazonaws.com`,
    requestParameters: { registryId: ACCOUNT, repositoryName: repo, ...params },
    responseElements: response ?? null,
    resources: [{ accountId: ACCOUNT, ARN: ecrRepo(region, repo) }],
    ...fields,
  });
}
const cfn = (ms, region, name, params, fields = {}) =>
  call(ciDeployer, ms, region, 'cloudformation.amazonaws.com', name, {
    readOnly: name.startsWith('Describe'),
    requestParameters: params,
    ...fields,
  });
const ecs = (ms, region, name, params) =>
  call(ciDeployer, ms, region, 'ecs.amazonaws.com', name, {
    readOnly: name.startsWith('Describe'),
    requestParameters: params,
  });

/** One deployment run: an image pushed to ECR, the stack updated by a change set, the service rolled. */
function deployment(next, day, specials) {
  const sha = hex(40);
  const digest = () => `sha256:${hex(64)}`;
  const layer = digest();
  const uploadId = uuid();
  const changeSetName = `gha-run-${int(17000000000, 17999999999)}`;
  const stackId = `arn:aws:cloudformation:${US}:${ACCOUNT}:stack/${ORDERS_STACK}/${ORDERS_STACK_ID}`;
  const changeSetId = `arn:aws:cloudformation:${US}:${ACCOUNT}:changeSet/${changeSetName}/${uuid()}`;
  const records = [
    call(ciDeployer, next(), US, 'sts.amazonaws.com', 'GetCallerIdentity', {}),
    call(ciDeployer, next(), US, 'ecr.amazonaws.com', 'GetAuthorizationToken', {
      host: `api.ecr.${US}.amazonaws.com`,
    }),
  ];
  if (specials.includes('deniedRepository')) {
    // A new service's first run: the workflow tries to create its repository and may not.
    const ms = next();
    const caller = `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/${ciDeployer.session(ms)}`;
    records.push(
      ecr(
        ms,
        US,
        'CreateRepository',
        'orders-worker',
        { imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } },
        {
          errorCode: 'AccessDeniedException',
          errorMessage:
            `User: ${caller} is not authorized to perform: ecr:CreateRepository on resource: ` +
            `${ecrRepo(US, 'orders-worker')} because no identity-based policy allows the ecr:CreateRepository action`,
        },
      ),
    );
  }
  records.push(
    ecr(
      next(),
      US,
      'BatchCheckLayerAvailability',
      ROLE_NAME,
      { layerDigests: [layer] },
      { readOnly: true },
    ),
    ecr(
      next(),
      US,
      'InitiateLayerUpload',
      ROLE_NAME,
      {},
      {
        response: { uploadId, partSize: 10485760 },
      },
    ),
    ecr(next(5, 40), US, 'UploadLayerPart', ROLE_NAME, {
      uploadId,
      partFirstByte: 0,
      partLastByte: int(2_000_000, 9_000_000),
    }),
    ecr(
      next(),
      US,
      'CompleteLayerUpload',
      ROLE_NAME,
      { uploadId, layerDigests: [layer] },
      {
        response: { registryId: ACCOUNT, repositoryName: ROLE_NAME, uploadId, layerDigest: layer },
      },
    ),
    ecr(
      next(),
      US,
      'PutImage',
      ROLE_NAME,
      { imageTag: sha, imageManifest: HIDDEN },
      {
        response: {
          image: {
            registryId: ACCOUNT,
            repositoryName: ROLE_NAME,
            imageId: { imageDigest: digest(), imageTag: sha },
          },
        },
      },
    ),
    s3Object(
      ciDeployer,
      next(),
      US,
      'PutObject',
      ARTIFACTS_BUCKET,
      `${ROLE_NAME}/${sha}/template.yaml`,
      {
        vpce: undefined,
        responseElements: { 'x-amz-server-side-encryption': 'AES256' },
      },
    ),
    cfn(next(), US, 'DescribeStacks', { stackName: ORDERS_STACK }),
  );
  if (specials.includes('missingStack')) {
    // The workflow looks for a canary stack that is not there: an error after authorization.
    records.push(
      cfn(
        next(),
        US,
        'DescribeStacks',
        { stackName: `${ROLE_NAME}-canary` },
        {
          errorCode: 'ValidationError',
          errorMessage: `Stack with id ${ROLE_NAME}-canary does not exist`,
        },
      ),
    );
  }
  records.push(
    cfn(
      next(),
      US,
      'CreateChangeSet',
      {
        stackName: ORDERS_STACK,
        templateURL: `https://${ARTIFACTS_BUCKET}.s3.amazonaws.com/${ROLE_NAME}/${sha}/template.yaml`,
        parameters: [{ parameterKey: 'ImageTag', parameterValue: sha }],
        capabilities: ['CAPABILITY_IAM'],
        changeSetName,
        changeSetType: 'UPDATE',
      },
      { responseElements: { id: changeSetId, stackId } },
    ),
    cfn(next(), US, 'DescribeChangeSet', { changeSetName: changeSetId, stackName: stackId }),
    cfn(next(), US, 'ExecuteChangeSet', { changeSetName: changeSetId, stackName: stackId }),
    cfn(next(10, 30), US, 'DescribeStacks', { stackName: ORDERS_STACK }),
    ecs(next(), US, 'UpdateService', {
      cluster: 'prod',
      service: ROLE_NAME,
      taskDefinition: `arn:aws:ecs:${US}:${ACCOUNT}:task-definition/${ROLE_NAME}:${180 + day}`,
      forceNewDeployment: false,
    }),
    ecs(next(), US, 'DescribeServices', { cluster: 'prod', services: [ROLE_NAME] }),
  );
  return records;
}

// --- who does what, when ------------------------------------------------------------------------

const fleetPrincipals = drawingFrom(FLEET_RANDOM, () => {
  const dataAnalyst = permissionSetRole(ACCOUNT, 'DataAnalyst');
  const otherDataAnalyst = permissionSetRole(OTHER_ACCOUNT, 'DataAnalyst', EU);
  const dataAnalystAdmin = permissionSetRole(ACCOUNT, 'DataAnalystAdmin');
  return {
    roles: { dataAnalyst, otherDataAnalyst, dataAnalystAdmin },
    jane: ssoSession(dataAnalyst, 'jane.doe@example.com', '81.2.69.192', 'console'),
    raj: ssoSession(dataAnalyst, 'raj.patel@example.com', '81.2.69.201', 'cli'),
    rajOther: ssoSession(otherDataAnalyst, 'raj.patel@example.com', '81.2.69.201', 'cli'),
    li: ssoSession(otherDataAnalyst, 'li.wei@example.com', '81.2.69.214', 'console'),
    janeAdmin: ssoSession(dataAnalystAdmin, 'jane.doe@example.com', '81.2.69.192', 'console'),
    stackId: uuid(),
  };
});
const ORDERS_STACK_ID = fleetPrincipals.stackId;
const PERMISSION_SET_ROLES = fleetPrincipals.roles;

/** The DataAnalystAdmin set's calls: what the DataAnalyst set never does. */
function adminWork(s, next, day) {
  const { database } = LAKE[s.account];
  const table = `tmp_backfill_${day}`;
  const records = [
    personCall(s, next(), US, 'glue.amazonaws.com', 'GetTable', {
      requestParameters: { databaseName: database, name: table },
    }),
  ];
  if (day < 20) {
    records.push(
      personCall(s, next(), US, 'glue.amazonaws.com', 'UpdateTable', {
        readOnly: false,
        requestParameters: {
          databaseName: database,
          tableInput: { name: table, tableType: 'EXTERNAL_TABLE' },
        },
      }),
    );
  } else {
    records.push(
      personCall(s, next(), US, 'glue.amazonaws.com', 'DeleteTable', {
        readOnly: false,
        requestParameters: { databaseName: database, name: table },
      }),
      personCall(s, next(), US, ATHENA, 'DeleteWorkGroup', {
        readOnly: false,
        requestParameters: { workGroup: 'scratch-jane', recursiveDeleteOption: true },
      }),
    );
  }
  return records;
}

/** [account, region, days, what] */
const FLEET_PLAN = [
  [ACCOUNT, US, [1, 6, 8, 9, 13, 15, 20, 22, 23, 27, 29], 'deploy'],
  [ACCOUNT, EU, [6, 13, 20, 27], 'rollout'],
  [ACCOUNT, US, [2, 5, 7, 12, 14, 19, 21, 26, 28], 'jane'],
  [ACCOUNT, US, [6, 9, 16, 23, 30], 'raj'],
  [ACCOUNT, US, [14, 28], 'janeAdmin'],
  [OTHER_ACCOUNT, EU, [1, 8, 13, 15, 20, 22, 27], 'li'],
  [OTHER_ACCOUNT, EU, [7, 14, 21, 28], 'raj'],
  [OTHER_ACCOUNT, US, [7, 14, 21, 28], 'rajWhoAmI'],
];
const DEPLOY_SPECIALS = { 13: ['missingStack'], 27: ['deniedRepository'] };

drawingFrom(FLEET_RANDOM, () => {
  const { jane, raj, rajOther, li, janeAdmin } = fleetPrincipals;
  for (const [account, region, days, what] of FLEET_PLAN) {
    for (const day of days) {
      const file = files.find(
        (f) =>
          f.account === account &&
          f.region === region &&
          new Date(f.delivered).getUTCDate() === day,
      );
      // Each run starts 10 to 12.5 minutes before the file's delivery, its calls seconds apart.
      let t = file.delivered - int(600, 750) * 1000;
      const next = (min = 3, max = 25) => (t += int(min, max) * 1000);
      const records = [];
      if (what === 'deploy') records.push(...deployment(next, day, DEPLOY_SPECIALS[day] ?? []));
      if (what === 'rollout') {
        records.push(
          ecs(next(), EU, 'DescribeServices', { cluster: 'prod', services: [ROLE_NAME] }),
          ecs(next(20, 60), EU, 'DescribeServices', { cluster: 'prod', services: [ROLE_NAME] }),
        );
      }
      if (what === 'jane') records.push(...athenaQuery(jane, next, region, day));
      if (what === 'li') records.push(...athenaQuery(li, next, region, day));
      if (what === 'raj') {
        const s = account === ACCOUNT ? raj : rajOther;
        if (region === US) records.push(whoAmI(s, next));
        records.push(...athenaQuery(s, next, region, day), ...lakeDownload(s, next, region, day));
      }
      if (what === 'rajWhoAmI') records.push(whoAmI(rajOther, next));
      if (what === 'janeAdmin') {
        records.push(
          ...athenaQuery(janeAdmin, next, region, day),
          ...adminWork(janeAdmin, next, day),
        );
      }
      if (t > file.delivered - 45_000) throw new Error(`${what} on day ${day} runs past delivery`);
      file.records.push(...records);
      file.records.sort((a, b) =>
        a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0,
      );
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Expected result, computed from the records as written

/** IAM actions of the role's calls: only what this example contains. */
const ROLE_ACTION_OF = {
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
/** IAM actions of ci-deployer's and the permission sets' calls, beyond the role's. */
const FLEET_ACTION_OF = {
  'ecr.amazonaws.com GetAuthorizationToken': 'ecr:GetAuthorizationToken',
  'ecr.amazonaws.com BatchCheckLayerAvailability': 'ecr:BatchCheckLayerAvailability',
  'ecr.amazonaws.com InitiateLayerUpload': 'ecr:InitiateLayerUpload',
  'ecr.amazonaws.com UploadLayerPart': 'ecr:UploadLayerPart',
  'ecr.amazonaws.com CompleteLayerUpload': 'ecr:CompleteLayerUpload',
  'ecr.amazonaws.com PutImage': 'ecr:PutImage',
  'ecr.amazonaws.com CreateRepository': 'ecr:CreateRepository',
  'cloudformation.amazonaws.com DescribeStacks': 'cloudformation:DescribeStacks',
  'cloudformation.amazonaws.com CreateChangeSet': 'cloudformation:CreateChangeSet',
  'cloudformation.amazonaws.com DescribeChangeSet': 'cloudformation:DescribeChangeSet',
  'cloudformation.amazonaws.com ExecuteChangeSet': 'cloudformation:ExecuteChangeSet',
  'ecs.amazonaws.com UpdateService': 'ecs:UpdateService',
  'ecs.amazonaws.com DescribeServices': 'ecs:DescribeServices',
  'lambda.amazonaws.com UpdateFunctionCode20150331v2': 'lambda:UpdateFunctionCode',
  'athena.amazonaws.com StartQueryExecution': 'athena:StartQueryExecution',
  'athena.amazonaws.com GetQueryExecution': 'athena:GetQueryExecution',
  'athena.amazonaws.com GetQueryResults': 'athena:GetQueryResults',
  'athena.amazonaws.com DeleteWorkGroup': 'athena:DeleteWorkGroup',
  'glue.amazonaws.com GetDatabase': 'glue:GetDatabase',
  'glue.amazonaws.com GetTable': 'glue:GetTable',
  'glue.amazonaws.com UpdateTable': 'glue:UpdateTable',
  'glue.amazonaws.com DeleteTable': 'glue:DeleteTable',
};
const ACTION_OF = { ...ROLE_ACTION_OF, ...FLEET_ACTION_OF };
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
]);

/**
 * What a principal did, from the records as written: the actions used and denied, its API
 * calls (each eventID once; denied calls, calls failing after authorization and calls needing
 * no permission included; service events not) in all and per account.
 */
function truthOf(isPrincipal) {
  const seen = new Set();
  const used = new Set();
  const denied = new Set();
  const accounts = {};
  const roles = new Set();
  const perRecord = {
    apiCalls: 0,
    duplicates: 0,
    serviceEvents: 0,
    errors: 0,
    noPermission: 0,
  };
  for (const file of files) {
    for (const r of file.records) {
      const issuer = r.userIdentity?.sessionContext?.sessionIssuer ?? {};
      if (!isPrincipal(issuer)) continue;
      roles.add(issuer.arn);
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
      accounts[r.recipientAccountId] = (accounts[r.recipientAccountId] ?? 0) + 1;
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
  const sortedAccounts = Object.fromEntries(Object.entries(accounts).sort());
  return {
    truth: {
      used: [...used].sort(),
      denied: [...denied].sort(),
      matchedRecords: perRecord.apiCalls,
      accounts: sortedAccounts,
      roles: [...roles].sort(),
    },
    perRecord,
  };
}

/** A role of IAM Identity Center's permission set `name`, in any account, with or without a region segment. */
const permissionSetIssuer = (name) => (issuer) =>
  issuer.type === 'Role' &&
  new RegExp(`^AWSReservedSSO_${name}_[0-9a-f]{16}$`).test(issuer.userName ?? '') &&
  /^arn:aws:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_/.test(
    issuer.arn ?? '',
  );

function expectedResult() {
  const role = truthOf((issuer) => issuer.arn === ROLE_ARN);
  const ci = truthOf((issuer) => issuer.arn === CI_ROLE_ARN);
  const analyst = truthOf(permissionSetIssuer('DataAnalyst'));
  const admin = truthOf(permissionSetIssuer('DataAnalystAdmin'));
  let records = 0;
  let otherAccount = 0;
  for (const file of files) {
    for (const r of file.records) {
      records++;
      if (r.userIdentity?.sessionContext?.sessionIssuer?.arn === OTHER_ROLE_ARN) otherAccount++;
    }
  }
  return {
    expected: {
      used: role.truth.used,
      denied: role.truth.denied,
      matchedRecords: role.truth.matchedRecords,
      files: files.length,
      records,
      principals: {
        'ci-deployer': ci.truth,
        DataAnalyst: analyst.truth,
      },
    },
    perRecord: { ...role.perRecord, otherAccount },
    ci,
    analyst,
    admin,
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

// ci-deployer's policy: what a deployment role is often given, more than its workflows use.
const ciDeployerPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PushImages',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchDeleteImage',
        'ecr:BatchGetImage',
        'ecr:CompleteLayerUpload',
        'ecr:DescribeImages',
        'ecr:InitiateLayerUpload',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
      ],
      Resource: `arn:aws:ecr:*:${ACCOUNT}:repository/orders-*`,
    },
    { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'Artifacts',
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
      Resource: [`arn:aws:s3:::${ARTIFACTS_BUCKET}`, `arn:aws:s3:::${ARTIFACTS_BUCKET}/*`],
    },
    {
      Sid: 'FeatureFlags',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${BUCKET}/config/*`,
    },
    {
      Sid: 'Stacks',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DeleteStack',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:GetTemplate',
      ],
      Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/orders-*/*`,
    },
    {
      Sid: 'Services',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: `arn:aws:ecs:*:${ACCOUNT}:service/prod/*`,
    },
    {
      Sid: 'TaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
      Resource: '*',
    },
    {
      Sid: 'Functions',
      Effect: 'Allow',
      Action: ['lambda:GetFunction', 'lambda:UpdateFunctionCode', 'lambda:PublishVersion'],
      Resource: `arn:aws:lambda:*:${ACCOUNT}:function:orders-*`,
    },
    { Sid: 'ListFunctions', Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' },
    {
      Sid: 'ServiceRoles',
      Effect: 'Allow',
      Action: ['iam:GetRole', 'iam:PassRole'],
      Resource: `arn:aws:iam::${ACCOUNT}:role/service/*`,
    },
  ],
};
outputs.set(
  'policies/ci-deployer.json',
  Buffer.from(`${JSON.stringify(ciDeployerPolicy, null, 2)}\n`),
);

// The DataAnalyst permission set's inline policy (the same in every account it is assigned to,
// so no account ids): Athena and the Glue catalogue spelled out, the data lakes' buckets.
const dataAnalystPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AthenaWorkgroup',
      Effect: 'Allow',
      Action: [
        'athena:BatchGetQueryExecution',
        'athena:CreateNamedQuery',
        'athena:DeleteNamedQuery',
        'athena:GetNamedQuery',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:GetWorkGroup',
        'athena:ListNamedQueries',
        'athena:ListQueryExecutions',
        'athena:StartQueryExecution',
        'athena:StopQueryExecution',
      ],
      Resource: `arn:aws:athena:*:*:workgroup/${WORKGROUP}`,
    },
    { Sid: 'AthenaList', Effect: 'Allow', Action: 'athena:ListWorkGroups', Resource: '*' },
    {
      Sid: 'Catalogue',
      Effect: 'Allow',
      Action: [
        'glue:DeleteTable',
        'glue:GetDatabase',
        'glue:GetDatabases',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:GetTable',
        'glue:GetTables',
      ],
      Resource: [
        'arn:aws:glue:*:*:catalog',
        'arn:aws:glue:*:*:database/orders_*',
        'arn:aws:glue:*:*:table/orders_*/*',
      ],
    },
    {
      Sid: 'DataLake',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
      Resource: ['arn:aws:s3:::acme-data-lake-*', 'arn:aws:s3:::acme-data-lake-*/*'],
    },
  ],
};
outputs.set(
  'policies/DataAnalyst.json',
  Buffer.from(`${JSON.stringify(dataAnalystPolicy, null, 2)}\n`),
);

const { expected, perRecord, ci, analyst, admin } = expectedResult();

// Sanity: what the example promises.
const mustUse = [
  ...new Set(Object.values(ROLE_ACTION_OF).filter((a) => a && !a.startsWith('secretsmanager:'))),
];
for (const action of mustUse)
  if (!expected.used.includes(action)) throw new Error(`${action} never used`);
if (expected.denied.join() !== 'secretsmanager:GetSecretValue')
  throw new Error(`denied: ${expected.denied}`);
if (perRecord.duplicates !== 1 || perRecord.serviceEvents !== 1 || perRecord.errors !== 1) {
  throw new Error(`traps: ${JSON.stringify(perRecord)}`);
}
if (files.length < 100 || files.length > 140) throw new Error(`${files.length} log files`);
// ci-deployer: one denied call, one failing after authorization, none of it a service event.
if (ci.truth.denied.join() !== 'ecr:CreateRepository')
  throw new Error(`ci denied: ${ci.truth.denied}`);
if (ci.perRecord.errors !== 1 || ci.perRecord.duplicates !== 0 || ci.perRecord.serviceEvents !== 0)
  throw new Error(`ci traps: ${JSON.stringify(ci.perRecord)}`);
// DataAnalyst: in both accounts; none of the DataAnalystAdmin set's own actions.
if (Object.keys(analyst.truth.accounts).join() !== `${ACCOUNT},${OTHER_ACCOUNT}`)
  throw new Error(`DataAnalyst accounts: ${JSON.stringify(analyst.truth.accounts)}`);
const adminOnly = admin.truth.used.filter((a) => !analyst.truth.used.includes(a));
if (adminOnly.join() !== 'athena:DeleteWorkGroup,glue:DeleteTable,glue:UpdateTable')
  throw new Error(`DataAnalystAdmin only: ${adminOnly}`);
if (analyst.truth.denied.length > 0 || analyst.perRecord.errors > 0)
  throw new Error('DataAnalyst: no traps of its own');
// Every action of the new principals' table is someone's.
for (const action of Object.values(FLEET_ACTION_OF)) {
  const whose = [ci, analyst, admin].flatMap((p) => [...p.truth.used, ...p.truth.denied]);
  if (!whose.includes(action)) throw new Error(`${action} never called`);
}
// The policies grant more than is used, and nothing denied.
const listed = (policy) => policy.Statement.flatMap((st) => [st.Action].flat());
for (const [policy, truth] of [
  [ciDeployerPolicy, ci.truth],
  [dataAnalystPolicy, analyst.truth],
]) {
  const granted = listed(policy);
  for (const action of truth.used)
    if (!granted.includes(action)) throw new Error(`${action} not granted`);
  for (const action of truth.denied)
    if (granted.includes(action)) throw new Error(`${action} granted`);
}
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
const ciTruth = expected.principals['ci-deployer'];
const analystTruth = expected.principals.DataAnalyst;
const { dataAnalyst, otherDataAnalyst, dataAnalystAdmin } = PERMISSION_SET_ROLES;
const code = (items) => items.map((i) => `\`${i}\``).join(', ');
const readme = `# Example: an organization trail, the role \`orders-api\` and its neighbours

Generated by \`node scripts/make-example.mjs\` (deterministic: re-running it rewrites the same
bytes; \`--check\` verifies without writing). Do not edit these files by hand.

\`\`\`sh
npm run example   # a fleet: orders-api, ci-deployer and the permission set DataAnalyst, each with its policy file
node dist/cli/index.js --role ${ROLE_ARN} --logs examples/org-trail --current-policy examples/current-policy.json --from 2026-10-01 --to 2026-11-01
\`\`\`

Three principals are worked out in full: the role \`orders-api\` (the numbers at the top level of
\`expected.json\`), the CI role \`ci-deployer\` and the IAM Identity Center permission set
\`DataAnalyst\` (under \`principals\` in \`expected.json\`).

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
- \`policies/ci-deployer.json\` — ci-deployer's policy today, and \`policies/DataAnalyst.json\` —
  the permission set's inline policy (no account ids: the same in every account it is assigned
  to); plain \`Allow\` statements with \`Action\`, each granting more than is used.
- \`expected.json\` — the numbers below, for tests: orders-api's at the top level, the others'
  under \`principals\`, each computed by the generator from the records it writes.

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

## ci-deployer

\`${CI_ROLE_ARN}\` (no path), assumed by GitHub Actions through the account's OIDC provider
(\`webIdFederationData\`). Its sessions are named \`${ROLE_NAME}\` until 2026-10-20 and
\`GitHubActions\` after: every record of \`assumed-role/ci-deployer/${ROLE_NAME}\` is ci-deployer's,
none is orders-api's. A deployment workflow runs on ${FLEET_PLAN[0][2].length} days, in us-east-1:
\`GetCallerIdentity\`, an image pushed to ECR (\`GetAuthorizationToken\`,
\`BatchCheckLayerAvailability\`, \`InitiateLayerUpload\`, \`UploadLayerPart\`,
\`CompleteLayerUpload\`, \`PutImage\`), the stack's template put in \`${ARTIFACTS_BUCKET}\` (an S3
data event), the stack \`${ORDERS_STACK}\` updated through a change set (\`DescribeStacks\`,
\`CreateChangeSet\`, \`DescribeChangeSet\`, \`ExecuteChangeSet\`; no role ARN given, so no
\`iam:PassRole\`) and the ECS service rolled (\`UpdateService\`, \`DescribeServices\`); in eu-west-1
it checks the rollout (\`DescribeServices\`), updates the service and the function
\`orders-pricing\` (\`UpdateFunctionCode20150331v2\`) and reads the feature flags from
\`${BUCKET}\`. Its traps:

- **Denied call**: \`CreateRepository\` (\`errorCode\` \`AccessDeniedException\`) for a new
  service's repository — denied, not used.
- **Error after authorization**: \`DescribeStacks\` of a canary stack that does not exist
  (\`ValidationError\`) — the permission was used.
- **The calls that name orders-api** (the session name, \`GetRole\` of \`orders-api\`, its ECS
  service and image repository) are ci-deployer's own.

Used (${ciTruth.used.length} actions): ${code(ciTruth.used)}. Denied: ${code(ciTruth.denied)}.
Matched API-call records: **${ciTruth.matchedRecords}** (all in ${Object.keys(ciTruth.accounts).join(', ')}).
Against \`policies/ci-deployer.json\` every used action is granted and the denied one is not;
granted but unused among others: \`cloudformation:DeleteStack\`, \`ecr:BatchDeleteImage\`,
\`s3:DeleteObject\`, \`lambda:GetFunction\`; \`iam:PassRole\` is granted and never visible.

## The DataAnalyst permission set

IAM Identity Center puts the permission set \`DataAnalyst\` in each account it is assigned to as
a role \`AWSReservedSSO_DataAnalyst_<16 hex>\`, with a different suffix per account:

- \`${dataAnalyst.roleArn}\`
- \`${otherDataAnalyst.roleArn}\` (with the region segment \`${EU}/\`)

Records have \`userIdentity.type\` \`AssumedRole\`, \`arn\`
\`arn:aws:sts::<account>:assumed-role/AWSReservedSSO_DataAnalyst_<hex>/<e-mail address>\` (no
path) and the role with its path as \`sessionContext.sessionIssuer.arn\`. People sign in through
the access portal (an hour's credentials each time) and query the data lake with Athena (workgroup
\`${WORKGROUP}\`): \`jane.doe@example.com\` in the console and \`raj.patel@example.com\` at the command
line in ${ACCOUNT} (us-east-1, bucket \`${LAKE[ACCOUNT].bucket}\`); \`raj.patel@example.com\` and
\`li.wei@example.com\` in ${OTHER_ACCOUNT} (eu-west-1, bucket \`${LAKE[OTHER_ACCOUNT].bucket}\`). A query
is Glue \`GetDatabase\` and \`GetTable\`, Athena \`StartQueryExecution\`, \`GetQueryExecution\` and
\`GetQueryResults\`, and Athena's own calls with the person's credentials (\`invokedBy\`
\`athena.amazonaws.com\`: Glue \`GetTable\`, S3 \`ListObjects\` and \`GetObject\` data events) —
those are the permission set's uses too. At the command line also \`GetCallerIdentity\` (in
us-east-1) and \`aws s3 ls\` / \`aws s3 cp\` on the bucket. Its traps:

- **A permission set whose name starts the same**: \`DataAnalystAdmin\`
  (\`${dataAnalystAdmin.roleArn}\`), used by \`jane.doe@example.com\` too, runs queries like
  DataAnalyst's and also calls \`glue:UpdateTable\`, \`glue:DeleteTable\` and
  \`athena:DeleteWorkGroup\` — none of it is DataAnalyst's.
- **Two roles, two paths, two suffixes** for one permission set: both accounts count.

Used (${analystTruth.used.length} actions): ${code(analystTruth.used)}. Denied: none.
Matched API-call records: **${analystTruth.matchedRecords}** (${Object.entries(
  analystTruth.accounts,
)
  .map(([account, n]) => `${n} in ${account}`)
  .join(', ')}; the ${analyst.perRecord.noPermission} \`GetCallerIdentity\` calls included).
Against \`policies/DataAnalyst.json\` every used action is granted; granted but unused among
others: \`glue:DeleteTable\`, \`s3:PutObject\`, \`athena:StopQueryExecution\`, the named queries.

## What the report should show for orders-api

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
