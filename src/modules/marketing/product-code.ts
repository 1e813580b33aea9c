import { registerEnumType } from 'type-graphql';

/**
 * The product catalogue (api-contract.graphql, `ProductCode`). Inquiries name a product
 * by code, never by free text: the report groups inquiries by product, and a key that a
 * customer typed could be the customer's own name or address (docs/design.md section 5).
 */
export enum ProductCode {
  FIBER_1000 = 'FIBER_1000',
  FIBER_300 = 'FIBER_300',
  DSL_100 = 'DSL_100',
  MOBILE_UNLIMITED = 'MOBILE_UNLIMITED',
  STATIC_IP = 'STATIC_IP',
  DOMAIN_HOSTING = 'DOMAIN_HOSTING',
  TV_PACKAGE = 'TV_PACKAGE',
  OTHER = 'OTHER',
}

registerEnumType(ProductCode, {
  name: 'ProductCode',
  description: 'The product catalogue; inquiries and the report’s inquiry buckets use these codes only',
});

export const PRODUCT_CODES = Object.values(ProductCode);
