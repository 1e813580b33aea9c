import { GraphQLFieldResolver, GraphQLScalarType, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** What this pass reads of type-graphql's metadata of a field resolver (its public shape at 2.0). */
interface ParamMetadata {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
}
interface FieldResolverMetadata {
  kind: 'external' | 'internal';
  methodName: string;
  schemaName: string;
  target: new () => Record<string, (...params: unknown[]) => unknown>;
  params?: ParamMetadata[];
  roles?: unknown[];
  middlewares?: unknown[];
  getObjectType?: () => unknown;
}

type Param = (root: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/** Argument types whose values type-graphql hands over unchanged: scalars and enums. */
function passesUnchanged(type: unknown): boolean {
  return (
    type === String ||
    type === Number ||
    type === Boolean ||
    type === Date ||
    type instanceof GraphQLScalarType ||
    (typeof type === 'object' && type !== null) // a TypeScript enum
  );
}

/** The fields of an @ArgsType class, when every one passes unchanged; otherwise null. */
function argsFields(type: unknown): string[] | null {
  const argsType = getMetadataStorage().argumentTypes.find((candidate) => candidate.target === type);
  if (!argsType || Object.getPrototypeOf(type) !== Function.prototype) return null;
  const fields = argsType.fields ?? [];
  return fields.every((field) => passesUnchanged(field.getType())) ? fields.map((field) => field.name) : null;
}

/** How to get one parameter, or null when this pass does not handle its kind. */
function paramOf(param: ParamMetadata): Param | null {
  switch (param.kind) {
    case 'context':
      return param.propertyName
        ? (_root, _args, context) => (context as Record<string, unknown>)[param.propertyName!]
        : (_root, _args, context) => context;
    case 'info':
      return (_root, _args, _context, info) => info;
    case 'arg': {
      const name = param.name!;
      return param.getType && passesUnchanged(param.getType()) ? (_root, args) => args[name] : null;
    }
    case 'args': {
      const names = param.getType ? argsFields(param.getType()) : null;
      if (!names) return null;
      return (_root, args) => {
        const values: Record<string, unknown> = {};
        for (const name of names) if (args[name] !== undefined) values[name] = args[name];
        return values;
      };
    }
    default:
      return null;
  }
}

/**
 * Field resolvers of resolver classes called directly, without type-graphql's per-call
 * machinery. For every call type-graphql builds a resolver-data object, looks the resolver
 * instance up, sorts the parameters' metadata, converts each argument through its type
 * tree and checks each for a promise: 5 % of the server's CPU on the dashboard, whose 50
 * subscribers call three field resolvers each (docs/performance.md, "Seventh round").
 *
 * Only what type-graphql would hand over unchanged is taken over: resolvers with no
 * middleware and no roles, whose parameters are the root, the context, the info, and
 * arguments of scalar and enum types (an @ArgsType's as a plain object of the fields it
 * declares, which the resolvers destructure). A root that is not an instance of its type
 * (type-graphql would copy it into one) goes to type-graphql's own resolver, as does
 * every other field. The schema must have been built without global middlewares or an
 * auth checker (src/schema.ts): the access rules are applied around these resolvers.
 */
export function directFieldResolvers(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const instances = new Map<unknown, Record<string, (...params: unknown[]) => unknown>>();
  for (const metadata of storage.fieldResolvers as unknown as FieldResolverMetadata[]) {
    if (metadata.kind !== 'external' || metadata.middlewares?.length || metadata.roles) continue;
    const objectType = metadata.getObjectType?.();
    const typeName = storage.objectTypes.find((type) => type.target === objectType)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type && isObjectType(type) ? type.getFields()[metadata.schemaName] : undefined;
    if (!field?.resolve) continue;
    const ordered = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
    const root = ordered.find((param) => param.kind === 'root');
    if (root?.propertyName) continue;
    const rootType = root?.getType?.();
    const params = ordered.map((param) => (param.kind === 'root' ? (r: unknown) => r : paramOf(param)));
    if (params.some((param) => param === null)) continue;
    const getters = params as Param[];
    let instance = instances.get(metadata.target);
    if (!instance) {
      instance = new metadata.target();
      instances.set(metadata.target, instance);
    }
    const method = instance[metadata.methodName];
    const fallback = field.resolve;
    const self = instance;
    const direct: GraphQLFieldResolver<unknown, unknown> = (value, args, context, info) => {
      if (typeof rootType === 'function' && !(value instanceof rootType)) {
        return fallback(value, args, context, info);
      }
      const values = new Array<unknown>(getters.length);
      for (let i = 0; i < getters.length; i++) values[i] = getters[i](value, args, context, info);
      return method.apply(self, values);
    };
    field.resolve = direct;
  }
}
