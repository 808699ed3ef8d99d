/** An IAM policy document as IAM stores it (values may be a string or an array). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
  Principal?: unknown;
  NotPrincipal?: unknown;
}

export type CurrentPolicyKind = 'file' | 'managed' | 'inline' | 'boundary';

/**
 * One policy of the role or user (or given as a file), with the name the report shows. A
 * user's policies include those of its groups.
 */
export interface CurrentPolicy {
  kind: CurrentPolicyKind;
  /** A managed policy's ARN, an inline policy's name, or a file path. */
  name: string;
  /** The IAM group the policy is attached to or inline in, for a user's group policies. */
  group?: string;
  document: PolicyDocument;
}

export interface CurrentPolicies {
  /** The role's or user's ARN as IAM reports it, when read from IAM. */
  principalArn?: string;
  /** Identity policies: managed, inline, or files. */
  policies: CurrentPolicy[];
  /** The permissions boundary, when the role or user has one. */
  boundary?: CurrentPolicy;
  /**
   * Policies that apply but could not be read (a permission set's customer managed policy
   * absent from the account read), each with what that means; the report lists them.
   */
  notRead?: string[];
}

/** Where the current policies come from: files, or IAM. */
export interface PolicySource {
  readonly description: string;
  load(): Promise<CurrentPolicies>;
}
