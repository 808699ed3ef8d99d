/**
 * Actions a call needed because of its request parameters, beyond those of its event name: the
 * facts the reader extracts (activity/scan/parameters.ts) turned into IAM actions. Each is a use
 * inferred from the record, never seen as an event of its own; the usage says so (`how`:
 * `parameter`) and names the event and the fact that imply it.
 *
 * Sources: S3's "Policy actions for Amazon S3" (object versions, ACLs, tagging, the governance
 * bypass: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html)
 * and IAM's "Granting a user permissions to pass a role to an AWS service"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
 */
import type { Catalogue } from './catalogue.js';

/** S3 operation → the action it needs on a given object version (`versionId`). */
const VERSIONED: Readonly<Record<string, string>> = {
  GetObject: 's3:GetObjectVersion',
  HeadObject: 's3:GetObjectVersion',
  DeleteObject: 's3:DeleteObjectVersion',
  GetObjectAcl: 's3:GetObjectVersionAcl',
  PutObjectAcl: 's3:PutObjectVersionAcl',
  GetObjectTagging: 's3:GetObjectVersionTagging',
  PutObjectTagging: 's3:PutObjectVersionTagging',
  DeleteObjectTagging: 's3:DeleteObjectVersionTagging',
  GetObjectAttributes: 's3:GetObjectVersionAttributes',
  GetObjectTorrent: 's3:GetObjectVersionTorrent',
};

/** S3 operations that write an object and take the ACL and tagging headers. */
const UPLOADS = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload']);
/** S3 operations that take the governance-bypass header. */
const RETENTION = new Set(['DeleteObject', 'DeleteObjects', 'PutObjectRetention']);

export interface ImpliedAction {
  action: string;
  /** The fact of the record that implies it (`versionId`, `role arn:...`). */
  fact: string;
}

/** The actions the facts of an event of the service (IAM prefix) imply; [] when none. */
export function impliedActions(
  catalogue: Catalogue,
  prefix: string,
  eventName: string,
  facts: readonly string[],
): ImpliedAction[] {
  const out: ImpliedAction[] = [];
  const add = (action: string | undefined, fact: string): void => {
    const canonical = action === undefined ? undefined : catalogue.canonicalAction(action);
    if (canonical !== undefined) out.push({ action: canonical, fact });
  };
  for (const fact of facts) {
    if (fact.startsWith('role ') || fact.startsWith('instance-profile')) {
      add('iam:PassRole', fact);
      continue;
    }
    if (prefix !== 's3') continue;
    if (fact === 'versionId') add(VERSIONED[eventName], fact);
    else if (fact === 'bypass-governance' && RETENTION.has(eventName)) {
      add('s3:BypassGovernanceRetention', fact);
    } else if (fact === 'acl') {
      if (UPLOADS.has(eventName)) add('s3:PutObjectAcl', fact);
      else if (eventName === 'CreateBucket') add('s3:PutBucketAcl', fact);
    } else if (fact === 'tagging' && UPLOADS.has(eventName)) add('s3:PutObjectTagging', fact);
  }
  return out;
}
