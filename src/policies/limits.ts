import type { Catalogue } from '../mapping/catalogue.js';
import { UserError } from '../util/errors.js';
import type { CurrentPolicies, PolicyStatement } from './types.js';

/**
 * The most statement × action pairs the current policies may grant for the tool to evaluate
 * them (about 110 statements of `"Action": "*"`, some ten seconds). IAM's size limits keep real
 * policies far below: a managed policy holds at most 6,144 characters, so a role's ten hold at
 * most some hundreds of statements, and few of them grant every action.
 */
export const MAX_GRANTS = 2_500_000;

/** Below this many statements in all, the policies cannot pass `MAX_GRANTS`: no need to count. */
export const STATEMENTS_CHECKED_FROM = Math.floor(MAX_GRANTS / 22_500);

export function statementCount(current: CurrentPolicies): number {
  let count = 0;
  for (const policy of [...current.policies, ...(current.boundary ? [current.boundary] : [])]) {
    const statements = policy.document.Statement;
    count += Array.isArray(statements) ? statements.length : 1;
  }
  return count;
}

/**
 * Refuses policies whose evaluation would take too long (each statement is evaluated for every
 * action it grants): exit 2, naming the policy that grants the most. Needs the catalogue.
 */
export function checkPolicyCost(
  catalogue: Catalogue,
  current: CurrentPolicies,
  inputName: string,
): void {
  let total = 0;
  let largest = { name: '', grants: 0, statements: 0 };
  for (const policy of [...current.policies, ...(current.boundary ? [current.boundary] : [])]) {
    const raw = policy.document.Statement;
    const statements: PolicyStatement[] = Array.isArray(raw) ? raw : [raw];
    let grants = 0;
    for (const statement of statements) grants += grantsOf(catalogue, statement);
    total += grants;
    if (grants > largest.grants)
      largest = { name: policy.name, grants, statements: statements.length };
  }
  if (total > MAX_GRANTS) {
    throw new UserError(
      `${inputName}: the current policies grant ${total.toLocaleString('en-US')} statement × action pairs, more than this tool evaluates (${MAX_GRANTS.toLocaleString('en-US')}); "${largest.name}" alone grants ${largest.grants.toLocaleString('en-US')} in ${largest.statements} statements. IAM's size limits keep real policies far below this: merge statements that share their Resource and Condition`,
    );
  }
}

function grantsOf(catalogue: Catalogue, statement: PolicyStatement): number {
  const size = (pattern: string): number => catalogue.actionPatternSize(pattern);
  const list = (value: string | string[] | undefined): string[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (statement.NotAction !== undefined) {
    const patterns = list(statement.NotAction);
    if (patterns.length === 1) return size('*') - size(patterns[0]!);
    const excluded = new Set<string>();
    for (const pattern of patterns) {
      for (const action of catalogue.expandActionPattern(pattern)) excluded.add(action);
    }
    return size('*') - excluded.size;
  }
  let grants = 0;
  for (const pattern of list(statement.Action)) grants += size(pattern);
  return grants;
}
