/**
 * Hand-kept facts the classification needs that no catalogue carries: which actions only show
 * in a trail as data events, and which grant a way to more privilege.
 */
import { matchesAction } from './wildcard.js';

/**
 * Actions whose calls CloudTrail records only as data events (off by default, billed apart),
 * per IAM service. A trail that holds no data event of the service cannot show their use.
 */
export const DATA_EVENT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  s3: [
    's3:GetObject*',
    's3:PutObject*',
    's3:DeleteObject*',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
    's3:ListBucket',
    's3:ListBucketVersions',
    's3:ListBucketMultipartUploads',
    's3:RestoreObject',
    's3:Replicate*',
  ],
  lambda: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
  dynamodb: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PartiQL*',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
  ],
  sns: ['sns:Publish'],
  sqs: [
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
  ],
  kinesis: [
    'kinesis:PutRecord',
    'kinesis:PutRecords',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:SubscribeToShard',
  ],
  ebs: ['ebs:*'],
  's3-object-lambda': ['s3-object-lambda:*'],
  bedrock: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
  cloudtrail: ['cloudtrail:PutAuditEvents'],
};

export function isDataEventAction(action: string): boolean {
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  return (DATA_EVENT_ACTIONS[service] ?? []).some((pattern) => matchesAction(pattern, action));
}

/** Actions that let a principal give itself or others more privilege. */
export const PRIVILEGE_ESCALATION_ACTIONS: readonly string[] = [
  'iam:PassRole',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AddUserToGroup',
  'iam:CreateRole',
  'sts:AssumeRole',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:CreateFunction',
  'lambda:AddPermission',
  'lambda:CreateEventSourceMapping',
  'ec2:RunInstances',
  'ec2:ModifyInstanceAttribute',
  'ssm:SendCommand',
  'ssm:StartSession',
  'ec2-instance-connect:SendSSHPublicKey',
  'glue:CreateDevEndpoint',
  'glue:UpdateDevEndpoint',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:CreateChangeSet',
  'codebuild:CreateProject',
  'codebuild:UpdateProject',
  'codebuild:StartBuild',
  'datapipeline:CreatePipeline',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreatePresignedNotebookInstanceUrl',
  'ecs:RunTask',
  'ecs:RegisterTaskDefinition',
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  's3:PutBucketPolicy',
  'secretsmanager:PutResourcePolicy',
  'organizations:*',
];

export function isPrivilegeEscalation(action: string): boolean {
  return PRIVILEGE_ESCALATION_ACTIONS.some((pattern) => matchesAction(pattern, action));
}
