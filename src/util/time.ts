import { UserError } from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The analysis window: records with `from <= eventTime < to` count. */
export interface Window {
  from: Date;
  to: Date;
}

export interface WindowOptions {
  from?: string;
  to?: string;
  days?: number;
  /** Names of the inputs, for messages (CLI flags or action inputs). */
  names: { from: string; to: string; days: string };
}

/**
 * Parses a date input: `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 timestamp with a zone.
 */
export function parseDate(value: string, inputName: string): Date {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if ((!dateOnly && !full) || Number.isNaN(date.getTime())) {
    throw new UserError(
      `${inputName}: "${value}" is not a date; expected YYYY-MM-DD or an ISO 8601 time such as 2026-01-31T12:00:00Z`,
    );
  }
  if (dateOnly && date.toISOString().slice(0, 10) !== text) {
    throw new UserError(`${inputName}: "${value}" is not a calendar date`);
  }
  return date;
}

/**
 * Resolves the window. Without `to`, the window ends at the next UTC midnight, so that runs on
 * the same day see the same window and give byte-identical reports. `days` counts back from
 * `to` unless `from` is given.
 */
export function resolveWindow(options: WindowOptions, now: Date): Window {
  const { names } = options;
  const to =
    options.to !== undefined
      ? parseDate(options.to, names.to)
      : new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  let from: Date;
  if (options.from !== undefined) {
    from = parseDate(options.from, names.from);
    if (options.days !== undefined) {
      throw new UserError(`${names.days}: give either ${names.from} or ${names.days}, not both`);
    }
  } else {
    const days = options.days ?? 90;
    from = new Date(to.getTime() - days * DAY_MS);
  }
  if (from.getTime() >= to.getTime()) {
    throw new UserError(
      `${names.to}: the window ends (${to.toISOString()}) before it starts (${from.toISOString()}); ${names.to} must be after ${names.from}`,
    );
  }
  return { from, to };
}

export function windowDays(window: Window): number {
  return (window.to.getTime() - window.from.getTime()) / DAY_MS;
}
