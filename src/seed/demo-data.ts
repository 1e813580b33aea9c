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
