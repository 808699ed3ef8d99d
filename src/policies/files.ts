import { readFile, stat } from 'node:fs/promises';
import type { CurrentPolicy, PolicyDocument, PolicySource } from './types.js';
import { UserError, messageOf } from '../util/errors.js';

/**
 * Current policies given as files: a policy document, or what `aws iam get-policy-version`
 * (`PolicyVersion.Document`) or `aws iam get-role-policy` (`PolicyDocument`) print.
 */
export function createFilePolicySource(paths: readonly string[], inputName: string): PolicySource {
  return {
    description: paths.join(', '),
    async load() {
      const policies: CurrentPolicy[] = [];
      for (const path of paths) {
        let text: string;
        try {
          const size = (await stat(path)).size;
          if (size > MAX_POLICY_FILE_BYTES) {
            throw new UserError(
              `${inputName}: "${path}" is ${size} bytes, larger than any IAM policy can be (this tool reads at most ${MAX_POLICY_FILE_BYTES} bytes: ${POLICY_LIMITS}); give the policy document itself`,
            );
          }
          text = await readFile(path, 'utf8');
        } catch (error) {
          if (error instanceof UserError) throw error;
          throw new UserError(
            `${inputName}: cannot read the policy file "${path}" (${messageOf(error)})`,
          );
        }
        policies.push({
          kind: 'file',
          name: path,
          // A byte-order mark is accepted, as in log files.
          document: parsePolicyDocument(text.replace(/^\uFEFF/, ''), `${inputName} "${path}"`),
        });
      }
      return { policies };
    },
  };
}

/** The largest policy file read: far above what IAM stores, so a real policy always fits. */
export const MAX_POLICY_FILE_BYTES = 1 << 20;
const POLICY_LIMITS =
  'IAM stores at most 6,144 characters in a managed policy, 10,240 in all the inline policies of a role, and AWS managed policies are a few tens of kilobytes';

/** Parses and checks a policy document (raw JSON, URL-encoded JSON, or an IAM CLI answer). */
export function parsePolicyDocument(text: string, where: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      decoded = undefined;
    }
    if (decoded === undefined || decoded === text) {
      throw new UserError(
        `${where}: not valid JSON (${messageOf(error)}); give an IAM policy document`,
      );
    }
    return parsePolicyDocument(decoded, where);
  }
  if (
    isObject(value) &&
    isObject(value.PolicyVersion) &&
    value.PolicyVersion.Document !== undefined
  ) {
    value = value.PolicyVersion.Document;
  } else if (isObject(value) && value.PolicyDocument !== undefined) {
    value = value.PolicyDocument;
  }
  if (typeof value === 'string') return parsePolicyDocument(value, where);
  if (!isObject(value)) {
    throw new UserError(`${where}: not a JSON object; give an IAM policy document`);
  }
  if (value.Statement === undefined) {
    throw new UserError(
      `${where}: not an IAM policy document (no "Statement"); give a document such as {"Version": "2012-10-17", "Statement": [...]}`,
    );
  }
  if (
    value.Version !== undefined &&
    value.Version !== '2012-10-17' &&
    value.Version !== '2008-10-17'
  ) {
    throw new UserError(
      `${where}: "Version" is ${JSON.stringify(value.Version)}; IAM knows "2012-10-17" (write this) and "2008-10-17"`,
    );
  }
  const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  statements.forEach((statement: unknown, index: number) => {
    checkStatement(statement, `${where}: statement ${index + 1}`);
  });
  return value as unknown as PolicyDocument;
}

/** The checks IAM makes of an identity policy's statement, each failure naming the field. */
function checkStatement(statement: unknown, at: string): void {
  if (!isObject(statement)) throw new UserError(`${at} is not an object`);
  const named =
    typeof statement.Sid === 'string' ? `${at} (Sid ${JSON.stringify(statement.Sid)})` : at;
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw new UserError(
      `${named} has Effect ${JSON.stringify(statement.Effect)}; expected "Allow" or "Deny"`,
    );
  }
  for (const [one, other] of [
    ['Action', 'NotAction'],
    ['Resource', 'NotResource'],
  ] as const) {
    if (statement[one] !== undefined && statement[other] !== undefined) {
      throw new UserError(`${named} has both "${one}" and "${other}"; give one of them`);
    }
    if (statement[one] === undefined && statement[other] === undefined) {
      throw new UserError(
        one === 'Action'
          ? `${named} has neither Action nor NotAction`
          : `${named} has neither Resource nor NotResource; an identity policy's statement needs one ("Resource": "*" for every resource)`,
      );
    }
    for (const field of [one, other]) {
      const fieldValue = statement[field];
      if (fieldValue === undefined) continue;
      const list: unknown[] = Array.isArray(fieldValue) ? fieldValue : [fieldValue];
      if (list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
        throw new UserError(
          `${named}: "${field}" is ${shown(fieldValue)}; expected a string or a list of strings`,
        );
      }
    }
  }
  if (statement.Condition !== undefined) {
    const condition = statement.Condition;
    const ok =
      isObject(condition) &&
      Object.values(condition).every(
        (keys) =>
          isObject(keys) &&
          Object.values(keys).every((v) =>
            (Array.isArray(v) ? v : [v]).every((item) =>
              ['string', 'number', 'boolean'].includes(typeof item),
            ),
          ),
      );
    if (!ok) {
      throw new UserError(
        `${named}: "Condition" is ${shown(condition)}; expected {"<operator>": {"<key>": <value or list of values>}}`,
      );
    }
  }
}

/** A JSON value in a message: short, on one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
