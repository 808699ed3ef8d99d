import type { Catalogue } from '../mapping/catalogue.js';
import type { CurrentPolicies } from '../policies/types.js';
import { asArray } from '../policies/document.js';

/** Action patterns in the current policies that name no action in the IAM catalogue (typos, retired actions). */
export function unknownPatterns(
  catalogue: Catalogue,
  current: CurrentPolicies,
): { policy: string; pattern: string }[] {
  const out: { policy: string; pattern: string }[] = [];
  for (const policy of [...current.policies, ...(current.boundary ? [current.boundary] : [])]) {
    for (const statement of asArray(policy.document.Statement)) {
      for (const pattern of [...asArray(statement.Action), ...asArray(statement.NotAction)]) {
        if (catalogue.actionPatternSize(pattern) === 0) out.push({ policy: policy.name, pattern });
      }
    }
  }
  return out;
}
