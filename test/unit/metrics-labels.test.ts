import { OperationNames } from '../../src/observability/graphql-metrics';
import { countResponseErrors, isStatementTimeout, metrics } from '../../src/observability/metrics';

describe('metric labels stay bounded', () => {
  test('operation names: GraphQL names only, and at most the limit of distinct ones', () => {
    const names = new OperationNames(3);
    expect(names.label(null)).toBe('anonymous');
    expect(names.label('Dashboard')).toBe('Dashboard');
    expect(names.label('not a name; DROP')).toBe('other');
    expect(names.label('Me')).toBe('Me');
    expect(names.label('Third')).toBe('Third');
    expect(names.label('Fourth')).toBe('other');
    expect(names.label('Dashboard')).toBe('Dashboard');
  });

  test('error codes and reasons outside the closed lists count as OTHER', async () => {
    countResponseErrors([
      { extensions: { code: 'FORBIDDEN', reason: 'someone@example.com' } },
      { extensions: { code: 'made-up', reason: 'TOKEN_MISSING' } },
    ]);
    const text = await metrics().registry.metrics();
    expect(text).toContain('kacmac_access_denials_total{reason="OTHER"} 1');
    expect(text).toContain('kacmac_graphql_errors_total{code="OTHER"} 1');
    expect(text).not.toContain('someone@example.com');
    expect(text).not.toContain('made-up');
  });

  test('statement timeouts are recognised by errno, raw or wrapped by TypeORM', () => {
    expect(isStatementTimeout({ errno: 1969 })).toBe(true);
    expect(isStatementTimeout({ driverError: { errno: 3024 } })).toBe(true);
    expect(isStatementTimeout({ errno: 1062 })).toBe(false);
    expect(isStatementTimeout(null)).toBe(false);
  });
});
