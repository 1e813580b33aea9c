import { Extensions, registerEnumType } from 'type-graphql';
import type { GraphQLField, GraphQLObjectType } from 'graphql';

/**
 * The data categories of docs/design.md section 2. Every field of every type is tagged with
 * one where it is declared (`@Category(...)`); src/access/permissions.ts turns the tags
 * into the shield rule map, and a test fails on any field left untagged.
 */
export enum DataCategory {
  IDENTIFIER = 'IDENTIFIER',
  CONTACT = 'CONTACT',
  BILLING = 'BILLING',
  USAGE = 'USAGE',
  SUPPORT = 'SUPPORT',
  MARKETING = 'MARKETING',
  COMPLIANCE = 'COMPLIANCE',
}
registerEnumType(DataCategory, {
  name: 'DataCategory',
  description: 'The data categories of the privacy policy',
});

/**
 * Tags that are not data categories of a subscriber:
 * - PUBLIC: anyone may read it, with or without a token (policy text, domain look-up).
 * - AGGREGATE: internal reporting (docs/design.md section 5).
 * - STRUCTURE: paging envelopes (edges, cursors, page info) that carry no data of their
 *   own; they inherit the decision made on the field that returned them.
 */
export const PUBLIC = 'PUBLIC' as const;
export const AGGREGATE = 'AGGREGATE' as const;
export const STRUCTURE = 'STRUCTURE' as const;

export type FieldCategory = DataCategory | typeof PUBLIC | typeof AGGREGATE | typeof STRUCTURE;

const EXTENSION_KEY = 'category';

/** Declares the category of a field, or (on a class) of a type as a whole. */
export function Category(category: FieldCategory): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Extensions({ [EXTENSION_KEY]: category });
}

export function categoryOfField(field: GraphQLField<unknown, unknown>): FieldCategory | undefined {
  return field.extensions?.[EXTENSION_KEY] as FieldCategory | undefined;
}

export function categoryOfType(type: GraphQLObjectType): FieldCategory | undefined {
  return type.extensions?.[EXTENSION_KEY] as FieldCategory | undefined;
}
