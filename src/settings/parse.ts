/**
 * The parsers every setting goes through, whether it came as a CLI flag or an action input:
 * one rule per kind of value, and every error names the input (`inputName`: the flag or the
 * input, as `InputNames` spells it) with the value and what is expected.
 */
import { UserError } from '../util/errors.js';

/** How many failed files a run tolerates before it fails: a count, or a share of the files. */
export type FailureThreshold =
  { kind: 'count'; value: number } | { kind: 'percent'; value: number };

export function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * A list: items separated by commas or line breaks (an action input may hold one per line),
 * each trimmed, empty ones and repeats left out, in the order given. Items may hold spaces (a
 * label such as `good first issue`).
 */
export function parseList(value: string | undefined): string[] {
  if (!nonEmpty(value)) return [];
  return [
    ...new Set(
      value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

/** A whole number from `min` to `max` (strictly digits: no `parseInt` leniency). */
export function parseWholeNumber(
  value: string,
  inputName: string,
  { min = 0, max, unit = '' }: { min?: number; max?: number; unit?: string } = {},
): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || (max !== undefined && n > max)) {
    const range =
      max !== undefined ? ` between ${min} and ${max}` : min > 0 ? ` of at least ${min}` : '';
    throw new UserError(`${inputName}: "${value}" is not a whole number${unit}${range}`);
  }
  return n;
}

/** A whole number of at least 1 (and at most `max`). */
export function parsePositiveInt(value: string, inputName: string, max?: number): number {
  return parseWholeNumber(value, inputName, { min: 1, ...(max !== undefined ? { max } : {}) });
}

/**
 * One of `allowed`, matched case-insensitively after trimming; `what` names the kind in the
 * error (`"x" is not a mode; expected keep, drop`).
 */
export function parseEnum<T extends string>(
  value: string,
  allowed: readonly T[],
  inputName: string,
  what: string,
  hint = '',
): T {
  const text = value.trim().toLowerCase();
  const found = allowed.find((a) => a === text);
  if (found === undefined) {
    throw new UserError(
      `${inputName}: "${value}" is not a ${what}; expected ${allowed.join(', ')}${hint}`,
    );
  }
  return found;
}

export function parseOptionalBoolean(
  value: string | undefined,
  inputName: string,
): boolean | undefined {
  if (!nonEmpty(value)) return undefined;
  return parseEnum(value, ['true', 'false'], inputName, 'boolean') === 'true';
}

/** `5%` (the default), `0`, `12`: how many unreadable files a run tolerates before failing. */
export function parseThreshold(value: string | undefined, inputName: string): FailureThreshold {
  const text = (value ?? '').trim();
  if (text === '') return { kind: 'percent', value: 5 };
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent && Number(percent[1]) <= 100) return { kind: 'percent', value: Number(percent[1]) };
  if (/^\d+$/.test(text)) return { kind: 'count', value: Number(text) };
  throw new UserError(
    `${inputName}: "${value}" is not a threshold; expected a number of files (such as 0 or 10) or a percentage (such as 5%)`,
  );
}

export function describeThreshold(threshold: FailureThreshold): string {
  return threshold.kind === 'count' ? String(threshold.value) : `${threshold.value}%`;
}
