import { domainToASCII } from 'node:url';

/** LDH rule (RFC 1035/5891): letters, digits, hyphens inside; 1 to 63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A domain name as typed (any case, Unicode allowed, a trailing dot allowed), checked and
 * turned into its ASCII (punycode) form, or the reason it is not a registrable name.
 */
export function normaliseDomainName(input: string): { ascii: string } | { problem: string } {
  const typed = input.trim().replace(/\.$/, '');
  if (typed.length === 0) return { problem: 'must not be empty' };
  // IDNA (UTS #46) mapping and punycode; an empty answer means the name is not valid IDNA.
  const ascii = domainToASCII(typed).toLowerCase();
  if (!ascii) return { problem: 'is not a valid internationalised domain name' };
  if (ascii.length > 253) return { problem: 'must be at most 253 characters' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { problem: 'must have a name and a top-level domain, e.g. example.com' };
  for (const label of labels) {
    if (label.length === 0) return { problem: 'must not have empty labels' };
    if (label.length > 63) return { problem: 'must have labels of at most 63 characters' };
    if (!LABEL.test(label)) {
      return { problem: 'labels may hold letters, digits and inner hyphens only' };
    }
    // Hyphens in positions 3-4 are reserved for encodings (xn--) that must decode.
    if (label.slice(2, 4) === '--' && !label.startsWith('xn--')) {
      return { problem: 'labels must not have hyphens in the third and fourth positions' };
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]))
    return { problem: 'the top-level domain must not be numeric' };
  return { ascii };
}
