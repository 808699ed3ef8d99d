/**
 * Hand-kept facts the classification needs that no catalogue carries: which actions grant a way
 * to more privilege (which actions show only as data events: mapping/data-events.ts).
 */
import { matchesAction } from './wildcard.js';

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
