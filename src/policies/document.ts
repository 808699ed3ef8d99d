/**
 * Reading policy documents as IAM does: an element may be one value or a list, and a document
 * read from a file or IAM may hold anything; these give the well-formed parts.
 */
import type { PolicyDocument, PolicyStatement } from './types.js';

/** One value or a list, as a list. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The strings of an element that may be one string or a list (anything else left out). */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** The statements of a document (one or a list; anything but an object left out). */
export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined || raw === null) return [];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null);
}
