/**
 * An error the user can fix: its message names the input or object concerned and says what
 * to do. The CLI and the action print it without a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** The message of anything thrown, `Error` or not. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
