import {
  buildSchema,
  GraphQLArgument,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/**
 * The gaps between an API contract and the schema the server emits: every name the
 * contract has that the schema lacks or types differently. The schema may have more.
 *
 * A contract type is honoured by the same type, or, for an output field, by a stricter
 * (more non-null) form; for an input field or an argument, by a looser (nullable) form.
 * A required argument the contract does not have breaks its callers, so it is a gap.
 */
export function contractGaps(contractSdl: string, schemaSdl: string): string[] {
  const contract = buildSchema(contractSdl, { assumeValidSDL: true });
  const actual = buildSchema(schemaSdl, { assumeValidSDL: true });
  const gaps: string[] = [];
  for (const [name, wanted] of Object.entries(contract.getTypeMap())) {
    if (name.startsWith('__')) continue;
    gaps.push(...typeGaps(wanted, actual));
  }
  return gaps;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'type';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isScalarType(type)) return 'scalar';
  return 'other';
}

const nullable = (type: string) => type.replace(/!/g, '');

/** Output positions: the same type, or the same type with more `!`. */
export function honoursOutput(wanted: string, got: string): boolean {
  return wanted === got || (nullable(wanted) === nullable(got) && got.length > wanted.length);
}

/** Input positions: the same type, or the same type with fewer `!`. */
export function honoursInput(wanted: string, got: string): boolean {
  return wanted === got || (nullable(wanted) === nullable(got) && got.length < wanted.length);
}

function typeGaps(wanted: GraphQLNamedType, actual: GraphQLSchema): string[] {
  const name = wanted.name;
  const got = actual.getType(name);
  if (!got) return [`missing ${kindOf(wanted)} ${name}`];
  if (kindOf(got) !== kindOf(wanted)) {
    return [`${name}: is a ${kindOf(got)}, the contract has a ${kindOf(wanted)}`];
  }
  if (isEnumType(wanted) && isEnumType(got)) {
    const values = new Set(got.getValues().map((v) => v.name));
    return wanted
      .getValues()
      .filter((v) => !values.has(v.name))
      .map((v) => `enum ${name}: missing value ${v.name}`);
  }
  if (isUnionType(wanted) && isUnionType(got)) {
    const members = new Set(got.getTypes().map((t) => t.name));
    return wanted
      .getTypes()
      .filter((t) => !members.has(t.name))
      .map((t) => `union ${name}: missing member ${t.name}`);
  }
  if (!(isObjectType(wanted) || isInterfaceType(wanted) || isInputObjectType(wanted))) return [];
  if (!(isObjectType(got) || isInterfaceType(got) || isInputObjectType(got))) return [];
  const gaps: string[] = [];
  const isInput = isInputObjectType(wanted);
  const gotFields = got.getFields();
  for (const [fieldName, wantedField] of Object.entries(wanted.getFields())) {
    const path = `${name}.${fieldName}`;
    const gotField = gotFields[fieldName];
    if (!gotField) {
      gaps.push(`${path}: missing`);
      continue;
    }
    const w = String(wantedField.type);
    const g = String(gotField.type);
    if (!(isInput ? honoursInput(w, g) : honoursOutput(w, g))) {
      gaps.push(`${path}: is ${g}, the contract has ${w}`);
    }
    const wantedArgs: readonly GraphQLArgument[] = 'args' in wantedField ? wantedField.args : [];
    const gotArgs: readonly GraphQLArgument[] = 'args' in gotField ? gotField.args : [];
    gaps.push(...argumentGaps(path, wantedArgs, gotArgs));
  }
  return gaps;
}

function argumentGaps(
  path: string,
  wanted: readonly GraphQLArgument[],
  got: readonly GraphQLArgument[],
): string[] {
  const gaps: string[] = [];
  for (const arg of wanted) {
    const ours = got.find((a) => a.name === arg.name);
    if (!ours) gaps.push(`${path}(${arg.name}): argument missing`);
    else if (!honoursInput(String(arg.type), String(ours.type))) {
      gaps.push(`${path}(${arg.name}): is ${ours.type}, the contract has ${arg.type}`);
    }
  }
  for (const arg of got) {
    const extra = !wanted.some((a) => a.name === arg.name);
    if (extra && String(arg.type).endsWith('!') && arg.defaultValue === undefined) {
      gaps.push(`${path}(${arg.name}): required argument the contract does not have`);
    }
  }
  return gaps;
}
