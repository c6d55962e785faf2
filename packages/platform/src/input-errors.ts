import {
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ListValueNode,
  type SourceLocation,
  type ValueNode,
} from 'graphql';

/**
 * Where a malformed input value sits and what is wrong with it: every BAD_USER_INPUT carries
 * `extensions.field` (the input path, API.md: `input.nextAction.dueAt` → `nextAction.dueAt`) and a
 * `reason`. GraphQL itself rejects a value that does not fit its type (a scalar's format, an enum value,
 * a missing or unknown input field) before any resolver runs, in variables (coercion) and in literals
 * (validation), and says where only in its message or by a source location. This reads both against
 * the operation and the schema, the same way in every subgraph and in the gateway.
 */
export interface InputErrorDetails {
  field: string;
  reason: string;
}

/** The reason of a value that does not fit its type, by the type it should have had. */
export function reasonForType(type: GraphQLNamedType): string {
  if (isEnumType(type)) return 'INVALID_ENUM_VALUE';
  if (isInputObjectType(type)) return 'INVALID_VALUE';
  const byScalar: Record<string, string> = {
    DateTime: 'INVALID_DATE_TIME',
    Date: 'INVALID_DATE',
    ID: 'INVALID_ID',
    Int: 'INVALID_NUMBER',
    Float: 'INVALID_NUMBER',
    Boolean: 'INVALID_BOOLEAN',
    String: 'INVALID_STRING',
  };
  return (isScalarType(type) && byScalar[type.name]) || 'INVALID_VALUE';
}

/**
 * An error a custom scalar throws for a malformed value. Not a GraphQLError on purpose: graphql-js
 * then wraps it with the value's location (literals) or path (variables), and the wrapper inherits
 * these extensions.
 */
export class ScalarFormatError extends Error {
  readonly extensions: { code: 'BAD_USER_INPUT'; reason: string };
  constructor(message: string, reason: string) {
    super(message);
    this.name = 'ScalarFormatError';
    this.extensions = { code: 'BAD_USER_INPUT', reason };
  }
}

type Segment = string | number;

/** The field as API.md writes it: dot-separated, list indexes as numbers, the `input` argument left out. */
export function fieldOf(path: readonly Segment[]): string {
  const [head, ...rest] = path;
  return (head === 'input' && rest.length > 0 ? rest : path).map(String).join('.');
}

/** Where `$name` is used in the document: argument name, then object fields and list indexes. */
function variableUsage(document: DocumentNode, name: string): Segment[] | null {
  let found: Segment[] | null = null;
  const walk = (value: ValueNode, path: Segment[]): void => {
    if (found) return;
    if (value.kind === Kind.VARIABLE && value.name.value === name) found = path;
    else if (value.kind === Kind.OBJECT) value.fields.forEach((f) => walk(f.value, [...path, f.name.value]));
    else if (value.kind === Kind.LIST) value.values.forEach((v, i) => walk(v, [...path, i]));
  };
  visit(document, {
    Argument(node) {
      walk(node.value, [node.name.value]);
    },
  });
  return found;
}

/** `input.nextAction.dueAt` / `ids[1]` (graphql-js' printPathArray after the variable name) → segments. */
function parsePrintedPath(printed: string): Segment[] {
  return [...printed.matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** The named type at `path` inside `type` (list items, input fields); null when the path leaves the type. */
function typeAt(type: GraphQLInputType, path: readonly Segment[]): GraphQLInputType | null {
  let current: GraphQLInputType = type;
  for (const segment of path) {
    const nullable = getNullableType(current) as GraphQLInputType;
    if (typeof segment === 'number') {
      if (!isListType(nullable)) return null;
      current = nullable.ofType as GraphQLInputType;
    } else {
      const named = getNamedType(nullable);
      if (!isInputObjectType(named)) return null;
      const field = named.getFields()[segment];
      if (!field) return null;
      current = field.type;
    }
  }
  return current;
}

/** What the inner message of a coercion or validation error says about the value at `path` of `type`. */
function describe(path: Segment[], type: GraphQLInputType | null, inner: string): InputErrorDetails {
  const missing = /^Field "(?:[^".]+\.)?([A-Za-z_]\w*)" of required type "[^"]+" was not provided\./.exec(inner);
  if (missing) return { field: fieldOf([...path, missing[1]!]), reason: 'REQUIRED' };
  const unknown = /^Field "([A-Za-z_]\w*)" is not defined by type "[^"]+"/.exec(inner);
  if (unknown) return { field: fieldOf([...path, unknown[1]!]), reason: 'UNKNOWN_FIELD' };
  if (/not to be null|must not be null|, found null\.$/.test(inner) && type && isNonNullType(type)) {
    return { field: fieldOf(path), reason: 'REQUIRED' };
  }
  return { field: fieldOf(path), reason: type ? reasonForType(getNamedType(type)) : 'INVALID_VALUE' };
}

const VARIABLE_VALUE = /^Variable "\$([A-Za-z_]\w*)" got invalid value /;
const VARIABLE_MISSING = /^Variable "\$([A-Za-z_]\w*)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\./;

function fromVariableError(schema: GraphQLSchema, document: DocumentNode, message: string): InputErrorDetails | null {
  const missing = VARIABLE_MISSING.exec(message);
  const valued = VARIABLE_VALUE.exec(message);
  const name = (missing ?? valued)?.[1];
  if (!name) return null;
  const usage = variableUsage(document, name) ?? [name];
  if (missing) return { field: fieldOf(usage), reason: 'REQUIRED' };
  // graphql-js: `… got invalid value <value>[ at "<name><path>"]; <what is wrong>`. A quote inside the
  // printed value is escaped, so ` at "<name>` followed by `"; ` can only be the path; what is wrong
  // (graphql-js' or our scalars' words) holds no "; ", a printed value may.
  const at = new RegExp(` at "${name}((?:\\.[A-Za-z_]\\w*|\\[\\d+\\])*)"; `).exec(message);
  const inner = at ? message.slice(at.index + at[0].length) : message.slice(message.lastIndexOf('; ') + 2);
  const rest = at ? parsePrintedPath(at[1]!) : [];
  const definition = document.definitions
    .flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []) : []))
    .find((v) => v.variable.name.value === name);
  const declared = definition ? (typeFromAST(schema, definition.type) as GraphQLInputType | undefined) : undefined;
  return describe([...usage, ...rest], declared ? typeAt(declared, rest) : null, inner);
}

function sameLocation(node: ASTNode, location: SourceLocation): boolean {
  const loc = node.loc;
  return !!loc && loc.startToken.line === location.line && loc.startToken.column === location.column;
}

const VALUE_KINDS = new Set<string>([
  Kind.VARIABLE,
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
]);

/** A literal argument value at a source location: its path and the input type expected there. */
function fromLiteralError(schema: GraphQLSchema, document: DocumentNode, message: string, location: SourceLocation): InputErrorDetails | null {
  const inner = message.replace(/^Expected value of type "[^"]+", found .*?; /, '');
  const typeInfo = new TypeInfo(schema);
  const path: Segment[] = [];
  const lists: ListValueNode[] = [];
  const inList = (key: unknown, parent: unknown) => typeof key === 'number' && lists.at(-1)?.values === parent;
  let result: InputErrorDetails | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node, key, parent) {
        if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) {
          // An unknown input field is reported at the field itself (the message names it).
          if (!result && node.kind === Kind.OBJECT_FIELD && sameLocation(node, location)) result = describe([...path], null, inner);
          path.push(node.name.value);
          return;
        }
        if (inList(key, parent)) path.push(key as number);
        if (!result && VALUE_KINDS.has(node.kind) && sameLocation(node, location)) {
          // Inside a list value TypeInfo already holds the item type: the list's own type is the parent's.
          const type = node.kind === Kind.LIST ? typeInfo.getParentInputType() : typeInfo.getInputType();
          result = describe([...path], type ?? null, inner);
        }
        if (node.kind === Kind.LIST) lists.push(node);
      },
      leave(node, key, parent) {
        if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) {
          path.pop();
          return;
        }
        if (node.kind === Kind.LIST) lists.pop();
        if (inList(key, parent)) path.pop();
      },
    }),
  );
  return result;
}

const ARGUMENT_MISSING = /^Field "[^"]+" argument "([A-Za-z_]\w*)" of type "[^"]+" is required, but it was not provided\./;

/**
 * Field and reason of an error about an input value (variable coercion or literal validation), or null
 * when the error is about something else or cannot be placed.
 */
export function locateInputError(
  schema: GraphQLSchema,
  document: DocumentNode | undefined,
  error: { message: string; locations?: readonly SourceLocation[] },
): InputErrorDetails | null {
  if (!document) return null;
  try {
    if (VARIABLE_VALUE.test(error.message) || VARIABLE_MISSING.test(error.message)) return fromVariableError(schema, document, error.message);
    const argument = ARGUMENT_MISSING.exec(error.message);
    if (argument) return { field: fieldOf([argument[1]!]), reason: 'REQUIRED' };
    const location = error.locations?.[0];
    return location ? fromLiteralError(schema, document, error.message, location) : null;
  } catch {
    return null;
  }
}

/**
 * Adds `field` and the reason to every BAD_USER_INPUT error that lacks a field and can be placed in the
 * operation's input; other errors are returned as they are.
 */
export function withInputFields<E extends GraphQLFormattedError>(schema: GraphQLSchema, document: DocumentNode | undefined, errors: readonly E[]): E[] {
  return errors.map((error) => {
    if (error.extensions?.code !== 'BAD_USER_INPUT' || typeof error.extensions.field === 'string') return error;
    const details = locateInputError(schema, document, error);
    return details ? { ...error, extensions: { ...error.extensions, ...details } } : error;
  });
}

