import { readFile } from 'node:fs/promises';
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
          text = await readFile(path, 'utf8');
        } catch (error) {
          throw new UserError(
            `${inputName}: cannot read the policy file "${path}" (${messageOf(error)})`,
          );
        }
        policies.push({
          kind: 'file',
          name: path,
          document: parsePolicyDocument(text, `${inputName} "${path}"`),
        });
      }
      return { policies };
    },
  };
}

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
  const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  statements.forEach((statement: unknown, index: number) => {
    if (!isObject(statement))
      throw new UserError(`${where}: statement ${index + 1} is not an object`);
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw new UserError(
        `${where}: statement ${index + 1} has Effect ${JSON.stringify(statement.Effect)}; expected "Allow" or "Deny"`,
      );
    }
    if (statement.Action === undefined && statement.NotAction === undefined) {
      throw new UserError(`${where}: statement ${index + 1} has neither Action nor NotAction`);
    }
  });
  return value as unknown as PolicyDocument;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
