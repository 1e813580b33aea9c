/**
 * Errors that mean "this database server cannot be reached", as opposed to errors of a
 * statement. A read that fails this way on a replica may be retried on the primary; a
 * write that fails this way is answered SERVICE_UNAVAILABLE (docs/scaling.md).
 */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  // mysql2's pool cluster once every node of a pattern has been taken out of rotation
  'POOL_NOEXIST',
  'POOL_NONEONLINE',
]);

export function isConnectionError(error: unknown): boolean {
  for (let err = error as Record<string, unknown> | undefined, depth = 0; err && depth < 4; depth++) {
    const code = err.code;
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    if (err.fatal === true && typeof code === 'string') return true;
    const message = typeof err.message === 'string' ? err.message : '';
    if (
      /Pool does not exist|Pool does Not exists|Pool does not have online node|Connection lost|connect ETIMEDOUT|connection is in closed state/i.test(
        message,
      )
    )
      return true;
    err = (err.driverError ?? err.cause) as Record<string, unknown> | undefined;
  }
  return false;
}
