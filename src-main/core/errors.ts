import type { ErrorBody, ErrorCode } from '../../src-preload/contract'

/** The one error type of the core: a stable code and a message a person can act on. */
export class IngotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
    this.name = 'IngotError'
  }

  toBody(): ErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }
}

/** HTTP status for each code; callers' mistakes are 4xx. */
export const httpStatus: Record<ErrorCode, number> = {
  E_BAD_INPUT: 400,
  E_BAD_JSON: 400,
  E_UNKNOWN_METHOD: 404,
  E_NOT_FOUND: 404,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_TOO_LARGE: 413,
  E_BUSY: 409,
  /** Too many wrong tokens from one address (headless server); Retry-After says when to try again. */
  E_RATE_LIMITED: 429,
  E_DB_TOO_NEW: 500,
  E_DB_CORRUPT: 500,
  /** Insufficient Storage: the disk is full or read-only; nothing the caller did. */
  E_STORAGE: 507,
  E_INTERNAL: 500
}
