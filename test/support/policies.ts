/** Builders of policy documents and policy sets for tests of the evaluator, the proof and the proposal. */
import type { CurrentPolicies, PolicyDocument, PolicyStatement } from '../../src/policies/types.js';

/** A 2012-10-17 document of these statements. */
export const doc = (...statements: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

/** Identity policies `p0`, `p1`, ... (inline) of these documents. */
export const identity = (...documents: PolicyDocument[]): CurrentPolicies => ({
  policies: documents.map((document, i) => ({ kind: 'inline', name: `p${i}`, document })),
});

/** The policies with a permissions boundary. */
export const withBoundary = (
  current: CurrentPolicies,
  document: PolicyDocument,
): CurrentPolicies => ({
  ...current,
  boundary: { kind: 'boundary', name: 'arn:aws:iam::111122223333:policy/boundary', document },
});

export const allow = (
  action: string | string[],
  resource: string | string[] = '*',
): PolicyStatement => ({ Effect: 'Allow', Action: action, Resource: resource });

export const deny = (
  action: string | string[],
  resource: string | string[] = '*',
): PolicyStatement => ({ Effect: 'Deny', Action: action, Resource: resource });

/** A condition: multi-factor authentication present. */
export const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
