// Errors the CLI turns into one line on stderr: UsageError exits 2, everything else exits 1.

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A runtime failure whose message is already fit for the user (no stack needed). */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
