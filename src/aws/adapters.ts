/**
 * The few S3 and IAM calls the sources make, as small interfaces (`S3Like`, `IamLike`), and
 * their implementations over the real SDK clients. The sources depend on the interfaces only.
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';

/** A response body: bytes, a stream of chunks, or the SDK's stream with its helpers. */
export type ByteStream =
  Uint8Array | AsyncIterable<Uint8Array> | { transformToByteArray(): Promise<Uint8Array> };

export interface ListObjectsV2Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  ContinuationToken?: string;
  MaxKeys?: number;
}

export interface ListObjectsV2Output {
  Contents?: { Key?: string | undefined; Size?: number | undefined }[] | undefined;
  CommonPrefixes?: { Prefix?: string | undefined }[] | undefined;
  IsTruncated?: boolean | undefined;
  NextContinuationToken?: string | undefined;
}

export interface GetObjectOutput {
  Body?: ByteStream | undefined;
  ContentLength?: number | undefined;
}

/** What the S3 activity source needs of S3. */
export interface S3Like {
  listObjectsV2(input: ListObjectsV2Input): Promise<ListObjectsV2Output>;
  getObject(input: { Bucket: string; Key: string }): Promise<GetObjectOutput>;
}

export function s3Like(client: S3Client): S3Like {
  return {
    listObjectsV2: (input) => client.send(new ListObjectsV2Command(input)),
    getObject: async (input) => {
      const output = await client.send(new GetObjectCommand(input));
      return { Body: output.Body, ContentLength: output.ContentLength };
    },
  };
}

type Maybe<T> = T | undefined;

/** A role or user as GetRole and GetUser answer. */
export interface IamEntity {
  Arn?: Maybe<string>;
  Path?: Maybe<string>;
  PermissionsBoundary?: Maybe<{
    PermissionsBoundaryArn?: Maybe<string>;
    PermissionsBoundaryType?: Maybe<string>;
  }>;
}

export type IamRole = IamEntity & { RoleName?: Maybe<string> };
export type IamUser = IamEntity & { UserName?: Maybe<string> };

interface Page {
  IsTruncated?: Maybe<boolean>;
  Marker?: Maybe<string>;
}
type AttachedPage = Page & {
  AttachedPolicies?: Maybe<{ PolicyArn?: Maybe<string>; PolicyName?: Maybe<string> }[]>;
};
type NamesPage = Page & { PolicyNames?: Maybe<string[]> };
type InlineDocument = { PolicyDocument?: Maybe<string> };

/**
 * What the IAM policy source needs of IAM: a role's or a user's policies, and those of the
 * user's groups. Paginated calls take and return `Marker`.
 */
export interface IamLike {
  getRole(input: { RoleName: string }): Promise<{ Role?: Maybe<IamRole> }>;
  listAttachedRolePolicies(input: { RoleName: string; Marker?: string }): Promise<AttachedPage>;
  getPolicy(input: { PolicyArn: string }): Promise<{
    Policy?: Maybe<{ Arn?: Maybe<string>; DefaultVersionId?: Maybe<string> }>;
  }>;
  getPolicyVersion(input: {
    PolicyArn: string;
    VersionId: string;
  }): Promise<{ PolicyVersion?: Maybe<{ Document?: Maybe<string> }> }>;
  listRolePolicies(input: { RoleName: string; Marker?: string }): Promise<NamesPage>;
  getRolePolicy(input: { RoleName: string; PolicyName: string }): Promise<InlineDocument>;
  getUser(input: { UserName: string }): Promise<{ User?: Maybe<IamUser> }>;
  listAttachedUserPolicies(input: { UserName: string; Marker?: string }): Promise<AttachedPage>;
  listUserPolicies(input: { UserName: string; Marker?: string }): Promise<NamesPage>;
  getUserPolicy(input: { UserName: string; PolicyName: string }): Promise<InlineDocument>;
  listGroupsForUser(input: {
    UserName: string;
    Marker?: string;
  }): Promise<Page & { Groups?: Maybe<{ GroupName?: Maybe<string> }[]> }>;
  listAttachedGroupPolicies(input: { GroupName: string; Marker?: string }): Promise<AttachedPage>;
  listGroupPolicies(input: { GroupName: string; Marker?: string }): Promise<NamesPage>;
  getGroupPolicy(input: { GroupName: string; PolicyName: string }): Promise<InlineDocument>;
  listRoles(input: { PathPrefix?: string; Marker?: string }): Promise<
    Page & {
      Roles?: Maybe<
        {
          Arn?: Maybe<string>;
          RoleName?: Maybe<string>;
          Path?: Maybe<string>;
          CreateDate?: Maybe<Date>;
        }[]
      >;
    }
  >;
}

export function iamLike(client: IAMClient): IamLike {
  return {
    getRole: (input) => client.send(new GetRoleCommand(input)),
    listAttachedRolePolicies: (input) => client.send(new ListAttachedRolePoliciesCommand(input)),
    getPolicy: (input) => client.send(new GetPolicyCommand(input)),
    getPolicyVersion: (input) => client.send(new GetPolicyVersionCommand(input)),
    listRolePolicies: (input) => client.send(new ListRolePoliciesCommand(input)),
    getRolePolicy: (input) => client.send(new GetRolePolicyCommand(input)),
    getUser: (input) => client.send(new GetUserCommand(input)),
    listAttachedUserPolicies: (input) => client.send(new ListAttachedUserPoliciesCommand(input)),
    listUserPolicies: (input) => client.send(new ListUserPoliciesCommand(input)),
    getUserPolicy: (input) => client.send(new GetUserPolicyCommand(input)),
    listGroupsForUser: (input) => client.send(new ListGroupsForUserCommand(input)),
    listAttachedGroupPolicies: (input) => client.send(new ListAttachedGroupPoliciesCommand(input)),
    listGroupPolicies: (input) => client.send(new ListGroupPoliciesCommand(input)),
    getGroupPolicy: (input) => client.send(new GetGroupPolicyCommand(input)),
    listRoles: (input) => client.send(new ListRolesCommand(input)),
  };
}

type TokenPage = { NextToken?: Maybe<string> };
/** A permission set of an Identity Center instance. */
export interface PermissionSetInput {
  InstanceArn: string;
  PermissionSetArn: string;
}
/** A customer managed policy as a permission set refers to it: by name and path, in every account. */
export type PolicyReference = { Name?: Maybe<string>; Path?: Maybe<string> };

/**
 * What the permission-set policy source needs of sso-admin: the instance, the permission set
 * (found by name or ARN), its inline policy, managed policies, customer managed policy
 * references, boundary, and the accounts it is provisioned to. Paginated calls take and return
 * `NextToken`.
 */
export interface SsoAdminLike {
  listInstances(input: {
    NextToken?: string;
  }): Promise<TokenPage & { Instances?: Maybe<{ InstanceArn?: Maybe<string> }[]> }>;
  listPermissionSets(input: {
    InstanceArn: string;
    NextToken?: string;
  }): Promise<TokenPage & { PermissionSets?: Maybe<string[]> }>;
  describePermissionSet(input: PermissionSetInput): Promise<{
    PermissionSet?: Maybe<{ Name?: Maybe<string>; PermissionSetArn?: Maybe<string> }>;
  }>;
  getInlinePolicyForPermissionSet(
    input: PermissionSetInput,
  ): Promise<{ InlinePolicy?: Maybe<string> }>;
  listManagedPoliciesInPermissionSet(
    input: PermissionSetInput & { NextToken?: string },
  ): Promise<TokenPage & { AttachedManagedPolicies?: Maybe<{ Arn?: Maybe<string> }[]> }>;
  listCustomerManagedPolicyReferencesInPermissionSet(
    input: PermissionSetInput & { NextToken?: string },
  ): Promise<TokenPage & { CustomerManagedPolicyReferences?: Maybe<PolicyReference[]> }>;
  getPermissionsBoundaryForPermissionSet(input: PermissionSetInput): Promise<{
    PermissionsBoundary?: Maybe<{
      ManagedPolicyArn?: Maybe<string>;
      CustomerManagedPolicyReference?: Maybe<PolicyReference>;
    }>;
  }>;
  listAccountsForProvisionedPermissionSet(
    input: PermissionSetInput & { NextToken?: string },
  ): Promise<TokenPage & { AccountIds?: Maybe<string[]> }>;
}

export function ssoAdminLike(client: SSOAdminClient): SsoAdminLike {
  return {
    listInstances: (input) => client.send(new ListInstancesCommand(input)),
    listPermissionSets: (input) => client.send(new ListPermissionSetsCommand(input)),
    describePermissionSet: (input) => client.send(new DescribePermissionSetCommand(input)),
    getInlinePolicyForPermissionSet: (input) =>
      client.send(new GetInlinePolicyForPermissionSetCommand(input)),
    listManagedPoliciesInPermissionSet: (input) =>
      client.send(new ListManagedPoliciesInPermissionSetCommand(input)),
    listCustomerManagedPolicyReferencesInPermissionSet: (input) =>
      client.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(input)),
    getPermissionsBoundaryForPermissionSet: (input) =>
      client.send(new GetPermissionsBoundaryForPermissionSetCommand(input)),
    listAccountsForProvisionedPermissionSet: (input) =>
      client.send(new ListAccountsForProvisionedPermissionSetCommand(input)),
  };
}
