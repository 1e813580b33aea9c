import { ApolloServerErrorCode } from '@apollo/server/errors';

/**
 * `extensions.code` of every error the API returns (see api-contract.graphql); where Apollo
 * has a code of its own for the same thing, it is that one.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = ApolloServerErrorCode.BAD_USER_INPUT,
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
  /** The database did not answer in time, or at all: the request may be retried. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** HTTP 429 with Retry-After (src/http/rate-limit.ts). */
  RATE_LIMITED = 'RATE_LIMITED',
  PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED',
}

/** `extensions.reason`: stable words, listed in docs/design.md section 2 "Denial reasons". */
export enum Reason {
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  ROLE_NOT_PERMITTED = 'ROLE_NOT_PERMITTED',
  ID_VERIFICATION_REQUIRED = 'ID_VERIFICATION_REQUIRED',
  CATEGORY_NOT_COVERED = 'CATEGORY_NOT_COVERED',
  FOUR_EYES_REQUIRED = 'FOUR_EYES_REQUIRED',
  AGGREGATES_ONLY = 'AGGREGATES_ONLY',
  NOT_FOUND = 'NOT_FOUND',
  ACCOUNT_NOT_CANCELLED = 'ACCOUNT_NOT_CANCELLED',
  REACTIVATION_WINDOW_CLOSED = 'REACTIVATION_WINDOW_CLOSED',
  ACCOUNT_PURGED = 'ACCOUNT_PURGED',
  EXCEPTION_NOT_PENDING = 'EXCEPTION_NOT_PENDING',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  TICKET_CLOSED = 'TICKET_CLOSED',
  INVALID_CARD_NUMBER = 'INVALID_CARD_NUMBER',
  INVALID_EXPIRY = 'INVALID_EXPIRY',
  VALIDITY_TOO_LONG = 'VALIDITY_TOO_LONG',
  INVALID_INPUT = 'INVALID_INPUT',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED',
  EXCEPTION_ENDED = 'EXCEPTION_ENDED',
  ACCESS_LOG_UNAVAILABLE = 'ACCESS_LOG_UNAVAILABLE',
  DATABASE_TIMEOUT = 'DATABASE_TIMEOUT',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
}

/**
 * Base of every error the server raises on purpose: a plain domain error, thrown by
 * services, rules and guards. It knows nothing of GraphQL; the edge
 * (src/http/graphql-errors.ts) turns it into the error a client sees, with `code`,
 * `reason` and the extras as `extensions`. Anything else is masked there.
 *
 * It is an answer, not a fault, so it carries no stack trace: its code and reason say
 * where it came from, and a stack never reaches a client. A denied billing page raises a
 * hundred of them, and capturing and formatting their stacks cost a fifth of its CPU.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly reason: Reason,
    /** More for `extensions`: `field` of bad input, `http` for a refusal before execution. */
    readonly extras: Readonly<Record<string, unknown>> = {},
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(reason: Reason.TOKEN_MISSING | Reason.TOKEN_INVALID | Reason.TOKEN_EXPIRED, message?: string) {
    super(message ?? defaultMessages[reason] ?? 'Authentication required', ErrorCode.UNAUTHENTICATED, reason);
  }
}

export class ForbiddenError extends AppError {
  constructor(reason: Reason, message?: string) {
    super(message ?? defaultMessages[reason] ?? 'Forbidden', ErrorCode.FORBIDDEN, reason);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(`${what} not found`, ErrorCode.NOT_FOUND, Reason.NOT_FOUND);
  }
}

export class ConflictError extends AppError {
  constructor(reason: Reason, message: string) {
    super(message, ErrorCode.CONFLICT, reason);
  }
}

/** Bad input: names the offending field (`extensions.field`) and says why, never echoes the value. */
export class BadInputError extends AppError {
  constructor(
    readonly field: string,
    message: string,
    reason: Reason = Reason.INVALID_INPUT,
  ) {
    super(`${field}: ${message}`, ErrorCode.BAD_USER_INPUT, reason, { field });
  }
}

const defaultMessages: Partial<Record<Reason, string>> = {
  [Reason.TOKEN_MISSING]: 'Authentication required: send Authorization: Bearer <token>',
  [Reason.TOKEN_INVALID]: 'The token is not valid',
  [Reason.TOKEN_EXPIRED]: 'The token has expired',
  [Reason.ROLE_NOT_PERMITTED]: 'Your role may not access this',
  [Reason.ID_VERIFICATION_REQUIRED]: 'Billing information needs a current identity verification',
  [Reason.CATEGORY_NOT_COVERED]: 'No disclosure exception covers this data category',
  [Reason.FOUR_EYES_REQUIRED]: 'A different compliance officer must approve this',
  [Reason.AGGREGATES_ONLY]: 'Reporting may read aggregates only',
};
