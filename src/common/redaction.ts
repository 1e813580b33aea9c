/** What of an error message may leave the server or reach the log: values cut out. */

/**
 * graphql-js quotes the offending value in coercion errors ("got invalid value
 * 4111111111111111 at ..."); a card number sent with the wrong type must not come back
 * in an error. The value is cut, the variable, path and expected type stay.
 */
export function withoutValues(message: string): string {
  return message
    .replace(/got invalid value [\s\S]*?( at "[\w.[\]]+")?;[\s\S]*$/, 'got an invalid value$1')
    .replace(/(cannot represent[^:]*): [\s\S]*$/, '$1')
    .replace(/(Expected value of type "[^"]+"), found [\s\S]*$/, '$1')
    .replace(/^Value "[\s\S]*" does not exist in ("[^"]+" enum)[\s\S]*$/, 'The value does not exist in $1');
}

/**
 * What may be logged of an unexpected error. Database errors quote values ("Duplicate
 * entry 'someone@example.com'"), so their message is left out and only their code kept.
 */
export function describeSafely(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const err = error as Error & { code?: string; driverError?: { code?: string } };
  const dbCode = err.driverError?.code ?? (err.code?.startsWith('ER_') ? err.code : undefined);
  const frames = (err.stack ?? '').split('\n').slice(1).join('\n');
  return dbCode
    ? { type: err.name, dbCode, stack: frames }
    : { type: err.name, message: err.message, stack: frames };
}
