import { normaliseDomainName } from '../../src/modules/domain/domain-name';

describe('normaliseDomainName', () => {
  test.each([
    ['Example.COM', 'example.com'],
    ['  kacmac.net. ', 'kacmac.net'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['a-b.c-d.org', 'a-b.c-d.org'],
  ])('%s is registered as %s', (typed, ascii) => {
    expect(normaliseDomainName(typed)).toEqual({ ascii });
  });

  test.each([
    ['', 'must not be empty'],
    ['localhost', 'must have a name and a top-level domain, e.g. example.com'],
    ['-bad.com', 'labels may hold letters, digits and inner hyphens only'],
    ['bad-.com', 'labels may hold letters, digits and inner hyphens only'],
    ['under_score.com', 'labels may hold letters, digits and inner hyphens only'],
    ['a..com', 'must not have empty labels'],
    [`${'a'.repeat(64)}.com`, 'must have labels of at most 63 characters'],
    [`${'abcdefghi.'.repeat(26)}com`, 'must be at most 253 characters'],
    ['ab--cd.com', 'labels must not have hyphens in the third and fourth positions'],
    ['198.51.100.7', 'the top-level domain must not be numeric'],
    ['example.123', 'is not a valid internationalised domain name'],
  ])('%s is refused: %s', (typed, problem) => {
    expect(normaliseDomainName(typed)).toEqual({ problem });
  });
});
