/** Word lists for synthetic demo data. Every person, street and address here is invented. */
export const GIVEN_NAMES = [
  'Ada',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kira',
  'Luca',
  'Maya',
  'Noah',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Yara',
  'Zoe',
  'Amir',
  'Bea',
  'Chen',
  'Dana',
  'Emil',
  'Freya',
  'Goran',
  'Hana',
  'Ivo',
  'Jana',
  'Karim',
] as const;

export const FAMILY_NAMES = [
  'Anders',
  'Baker',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Quintero',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Mercer',
  'Holm',
] as const;

export const STREETS = [
  'Main St',
  'Oak Ave',
  'Harbour Rd',
  'Mill Lane',
  'Station Sq',
  'Park Blvd',
  'River Way',
  'Hill Crescent',
  'Church St',
  'Market Pl',
  'Linden Allee',
  'Bridge Rd',
] as const;

/** City, region, country and the pattern of its postal codes (# = a digit). */
export const PLACES = [
  { city: 'Springfield', region: 'IL', country: 'US', postal: '627##' },
  { city: 'Portland', region: 'OR', country: 'US', postal: '972##' },
  { city: 'Austin', region: 'TX', country: 'US', postal: '787##' },
  { city: 'Toronto', region: 'ON', country: 'CA', postal: 'M5V #A#' },
  { city: 'Leeds', region: 'West Yorkshire', country: 'GB', postal: 'LS# #AB' },
  { city: 'Leipzig', region: 'Saxony', country: 'DE', postal: '04###' },
  { city: 'Lyon', region: 'Rhone', country: 'FR', postal: '690##' },
  { city: 'Utrecht', region: 'Utrecht', country: 'NL', postal: '35## AB' },
] as const;

/** Documentation and benchmarking address ranges (RFC 5737, RFC 3849, RFC 6598). */
export const IPV4_PREFIXES = ['192.0.2', '198.51.100', '203.0.113', '100.64.12', '100.70.3'] as const;
export const IPV6_PREFIX = '2001:db8:';

export const PRODUCTS = [
  'FIBER_1000',
  'FIBER_300',
  'DSL_100',
  'MOBILE_UNLIMITED',
  'STATIC_IP',
  'DOMAIN_HOSTING',
  'TV_PACKAGE',
] as const;

export const TICKET_SUBJECTS = [
  'Connection drops in the evening',
  'Invoice amount looks wrong',
  'Router does not power on',
  'Change of installation address',
  'Slow speeds on wifi',
  'Question about my contract',
  'E-mail setup on a new phone',
  'Static IP configuration',
] as const;

export const MESSAGE_BODIES = [
  'Thanks for reaching out, we are looking into it.',
  'Could you restart the router and tell us whether the light turns green?',
  'It happened again this morning.',
  'We have scheduled a technician visit.',
  'The issue is fixed on our side, please confirm.',
  'Everything works now, thank you.',
] as const;

/**
 * Card numbers published by payment processors for testing (Luhn-valid, never issued to
 * anyone): the only card numbers demo data may hold.
 */
export const TEST_CARD_NUMBERS = [
  '4242424242424242',
  '4000056655665556',
  '5555555555554444',
  '2223003122003222',
  '5200828282828210',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '3566002020360505',
] as const;

export const SURVEYS = ['INSTALLATION_FEEDBACK', 'SUPPORT_SATISFACTION', 'ANNUAL_NPS'] as const;

export const SURVEY_ANSWERS = [
  'The technician was on time and friendly.',
  'Speeds are fine, the router placement could be better.',
  'Support solved my problem on the first call.',
  'Would like a cheaper plan without TV.',
  null,
] as const;

export const DOCUMENT_TYPES = ['PASSPORT', 'DRIVERS_LICENSE', 'NATIONAL_ID', 'OTHER_GOVERNMENT_ID'] as const;

/** Staff actor ids of the demo data, one list per role. */
export const STAFF = {
  SUPPORT: ['agent-1', 'agent-2', 'agent-3', 'agent-7'],
  BILLING: ['billing-1', 'billing-2'],
  COMPLIANCE: ['compliance-1', 'compliance-2', 'compliance-3'],
} as const;

/** Top-level domains reserved for documentation and testing (RFC 2606, RFC 6761). */
export const DOMAIN_SUFFIXES = ['example', 'test'] as const;
