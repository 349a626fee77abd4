/**
 * Expected failures carry a stable code; only the HTTP layer turns a code into a status and a message from
 * the locale files. Never branch on message text and never show err.message to a user.
 */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    public readonly params: Record<string, string | number> = {},
    public readonly fields: Record<string, string> = {},
  ) {
    super(code);
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'errors.forbidden') {
    super(code, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(code = 'errors.notFound') {
    super(code, 404);
  }
}

/** Field-level validation failure; `fields` maps a field name to a locale key. */
export class ValidationError extends AppError {
  constructor(fields: Record<string, string>, code = 'errors.validation') {
    super(code, 422, {}, fields);
  }
}

export class ConflictError extends AppError {
  constructor(code = 'errors.conflict', params: Record<string, string | number> = {}) {
    super(code, 409, params);
  }
}

// PostgreSQL error classes that mean "the database is not available right now", not "your request is bad".
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available
  '25P03', // idle_in_transaction_session_timeout
  '08000', '08003', '08006', '08001', '08004', // connection exceptions
]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENOSPC']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  'the database system is',
  'terminating connection',
];

export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const anyErr = e as { code?: string; message?: string; cause?: unknown };
    if (anyErr.code && (UNAVAILABLE_SQLSTATES.has(anyErr.code) || UNAVAILABLE_NODE_CODES.has(anyErr.code))) return true;
    if (anyErr.message && UNAVAILABLE_MESSAGES.some((m) => anyErr.message!.includes(m))) return true;
    e = anyErr.cause;
  }
  return false;
}
