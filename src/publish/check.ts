import { plural } from '../render/plural.js';
import { withLf } from '../util/text.js';

/** What can fail the check (the `fail-on` input). */
export type FailOn = 'unused' | 'denied' | 'drift';

export interface CheckInput {
  failOn: readonly FailOn[];
  /** How many unused granted actions are tolerated before `unused` fails the check. */
  maxUnused: number;
  unusedCount: number;
  deniedCount: number;
  /** The policy file as it would be written (see `mergePolicyFile`). */
  proposedFileContent: string;
  /** The file at `policy-path` as it is now; absent when there is no such file. */
  currentFileContent?: string;
  /**
   * The further parts of a split proposal (`iam/<role>-2.json`, ...), each compared with its
   * own file for `drift`.
   */
  furtherFiles?: readonly { path: string; proposedContent: string; currentContent?: string }[];
  /** Part files of an earlier, larger split proposal that are no longer part of it. */
  staleFiles?: readonly string[];
}

export interface CheckResult {
  failed: boolean;
  /** Why the check failed, one sentence each; empty when it passed. */
  reasons: string[];
}

/**
 * Decides the check. `drift` means a proposed file differs from the one at its path (or there
 * is none): `policy-path`, and the file of each further part of a split proposal; line endings
 * do not count, as a checkout may have converted them.
 */
export function evaluateCheck(input: CheckInput): CheckResult {
  const failOn = new Set(input.failOn);
  const reasons: string[] = [];
  if (failOn.has('unused') && input.unusedCount > input.maxUnused) {
    reasons.push(
      `${plural(input.unusedCount, 'granted action was', 'granted actions were')} not used in the window (max-unused: ${input.maxUnused})`,
    );
  }
  if (failOn.has('denied') && input.deniedCount > 0) {
    reasons.push(`${plural(input.deniedCount, 'call was', 'calls were')} denied in the window`);
  }
  if (failOn.has('drift')) {
    if (input.currentFileContent === undefined) {
      reasons.push('there is no policy file at policy-path yet: the proposed policy is new');
    } else if (withLf(input.currentFileContent) !== withLf(input.proposedFileContent)) {
      reasons.push('the policy file at policy-path differs from the proposed policy');
    }
    for (const [i, file] of (input.furtherFiles ?? []).entries()) {
      const part = `part ${i + 2} of the proposed policy`;
      if (file.currentContent === undefined) {
        reasons.push(`there is no policy file at ${file.path} yet (${part})`);
      } else if (withLf(file.currentContent) !== withLf(file.proposedContent)) {
        reasons.push(`the policy file at ${file.path} differs from ${part}`);
      }
    }
    for (const path of input.staleFiles ?? []) {
      reasons.push(`the policy file at ${path} is no longer part of the proposed policy`);
    }
  }
  return { failed: reasons.length > 0, reasons };
}

export interface ActionLine {
  action: string;
  /** 1-based line of the file where the action's quoted string appears. */
  line: number;
}

/**
 * Where each action appears in a policy file, for annotations: every `Action` value (a string,
 * or an element of a list) that names it, matched without regard to case as IAM does. Only
 * `Action` values: the same text as a `Resource` (`"*"`), a `Sid` or a condition is not an
 * action. Sorted by line, then action; an action not found in the file has no entry.
 */
export function annotationsFor(fileText: string, actions: readonly string[]): ActionLine[] {
  const wanted = new Map<string, string>();
  for (const action of actions) wanted.set(action.toLowerCase(), action);
  const found: ActionLine[] = [];
  const seen = new Set<string>();
  for (const { value, line } of actionValues(fileText)) {
    const action = wanted.get(value.toLowerCase());
    if (action === undefined || seen.has(`${action}@${line}`)) continue;
    seen.add(`${action}@${line}`);
    found.push({ action, line });
  }
  return found.sort((a, b) => a.line - b.line || (a.action < b.action ? -1 : 1));
}

/**
 * The `Action` values of a policy file's text with the line each is on: the strings that are
 * the value of an `Action` key or elements of its list. A tolerant scan of the JSON text (the
 * file may be mid-edit), not a parse: it needs the lines, which a parse loses.
 */
export function actionValues(fileText: string): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  const stack: { array: boolean; key: string | undefined }[] = [];
  let line = 1;
  let i = 0;
  const text = fileText;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (c !== '"') {
      const top = stack[stack.length - 1];
      if (c === '{') stack.push({ array: false, key: undefined });
      else if (c === '[') stack.push({ array: true, key: top?.key });
      else if (c === '}' || c === ']') {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent && !parent.array) parent.key = undefined;
      } else if (c === ',' && top && !top.array) top.key = undefined;
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && text[end] !== '"' && text[end] !== '\n') {
      end += text[end] === '\\' ? 2 : 1;
    }
    let value: string;
    try {
      value = JSON.parse(text.slice(i, end + 1)) as string;
    } catch {
      value = text.slice(i + 1, end);
    }
    i = end + 1;
    let next = i;
    while (next < text.length && ' \t\r\n'.includes(text[next]!)) next++;
    const top = stack[stack.length - 1];
    if (top && !top.array && text[next] === ':') {
      top.key = value;
    } else if (top?.key === 'Action') {
      out.push({ value, line });
    }
  }
  return out;
}
