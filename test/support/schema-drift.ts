// Schema drift: what prisma/schema.prisma says the PostgreSQL schema is (from Prisma's DMMF), what a
// migrated database has (from pg_catalog), and every difference between the two. The expected model
// follows what Prisma Migrate itself would create, so a migration written by hand is held to the same
// standard as one Prisma printed: types with Prisma's default native types, nullability, defaults,
// primary keys, indexes and their names, foreign keys with their actions, and enums.
//
// Limits, because the DMMF does not carry them: a relation's `map:` (custom foreign-key name) and
// `Unsupported(...)` fields. Both show up as differences; teach expectedSchemaFromDatamodel about them
// when the schema first needs them. One PostgreSQL schema (no `@@schema`).
import type { Client } from 'pg';

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export type ColumnDefault =
  | { kind: 'autoincrement'; sql?: string }
  | { kind: 'now'; sql?: string }
  | { kind: 'value'; value: string | string[]; sql?: string }
  /** `sql: ''` (Prisma's bare `dbgenerated()`) accepts any database default. */
  | { kind: 'expression'; sql: string };

export interface ColumnShape {
  name: string;
  /** As PostgreSQL's format_type prints it (`timestamp(3) with time zone`), enums by name, arrays with `[]`. */
  type: string;
  nullable: boolean;
  default: ColumnDefault | null;
}

export interface IndexColumnShape {
  name: string;
  descending: boolean;
  /** null: the type's default operator class. */
  operatorClass: string | null;
  /** Read from the database: whether operatorClass is the type's default for this access method. */
  operatorClassIsDefault?: boolean;
}

export interface IndexShape {
  name: string;
  unique: boolean;
  method: string;
  columns: IndexColumnShape[];
  predicate: string | null;
}

export interface ForeignKeyShape {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: { name: string; columns: string[] } | null;
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

export interface EnumShape {
  name: string;
  values: string[];
}

export interface SchemaShape {
  tables: TableShape[];
  enums: EnumShape[];
}

// ---------------------------------------------------------------------------------------------------
// Expected: from the DMMF datamodel (`(await getDMMF({ datamodel })).datamodel`). Structural types, so
// this file needs no Prisma import and accepts the DMMF's deeply readonly objects as they are.

type DmmfDefault =
  { readonly name: string; readonly args: ReadonlyArray<string | number> } | string | number | boolean | ReadonlyArray<string | number | boolean>;

export interface DmmfField {
  readonly name: string;
  readonly kind: string;
  readonly type: string;
  readonly dbName?: string | null;
  readonly isList: boolean;
  readonly isRequired: boolean;
  readonly isUpdatedAt?: boolean;
  readonly nativeType?: readonly [string, readonly string[]] | null;
  readonly default?: DmmfDefault;
  readonly relationName?: string;
  readonly relationFromFields?: readonly string[];
  readonly relationToFields?: readonly string[];
  readonly relationOnDelete?: string;
  readonly relationOnUpdate?: string;
}

export interface DmmfDatamodel {
  readonly models: ReadonlyArray<{
    readonly name: string;
    readonly dbName: string | null;
    readonly fields: readonly DmmfField[];
  }>;
  readonly enums: ReadonlyArray<{
    readonly name: string;
    readonly dbName?: string | null;
    readonly values: ReadonlyArray<{ readonly name: string; readonly dbName: string | null }>;
  }>;
  readonly indexes: ReadonlyArray<{
    readonly model: string;
    readonly type: string;
    readonly dbName?: string;
    readonly algorithm?: string;
    readonly fields: ReadonlyArray<{ readonly name: string; readonly sortOrder?: string; readonly operatorClass?: string }>;
  }>;
}

/** Prisma's types for PostgreSQL when a field has no @db attribute. */
const DEFAULT_NATIVE_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** `@db.X(args)` as format_type prints the type Prisma creates for it. */
export function nativeTypeSql(name: string, args: readonly string[]): string {
  const withArgs = (base: string, suffix = '') => (args.length ? `${base}(${args.join(',')})${suffix}` : `${base}${suffix}`);
  switch (name) {
    case 'Text':
      return 'text';
    case 'Char':
      return `character(${args[0] ?? '1'})`;
    case 'VarChar':
      return withArgs('character varying');
    case 'Bit':
      return `bit(${args[0] ?? '1'})`;
    case 'VarBit':
      return withArgs('bit varying');
    case 'Uuid':
      return 'uuid';
    case 'Xml':
      return 'xml';
    case 'Inet':
      return 'inet';
    case 'Citext':
      return 'citext';
    case 'Boolean':
      return 'boolean';
    case 'SmallInt':
      return 'smallint';
    case 'Integer':
      return 'integer';
    case 'BigInt':
      return 'bigint';
    case 'Oid':
      return 'oid';
    case 'Real':
      return 'real';
    case 'DoublePrecision':
      return 'double precision';
    case 'Decimal':
      return withArgs('numeric');
    case 'Money':
      return 'money';
    case 'Date':
      return 'date';
    case 'Timestamp':
      return withArgs('timestamp', ' without time zone');
    case 'Timestamptz':
      return withArgs('timestamp', ' with time zone');
    case 'Time':
      return withArgs('time', ' without time zone');
    case 'Timetz':
      return withArgs('time', ' with time zone');
    case 'Json':
      return 'json';
    case 'JsonB':
      return 'jsonb';
    case 'ByteA':
      return 'bytea';
    default:
      throw new Error(`schema-drift: no PostgreSQL type known for @db.${name}; add it to nativeTypeSql`);
  }
}

/** Prisma's default constraint names (psl ConstraintNames): PostgreSQL's 63-byte limit, cut on a character. */
const MAX_IDENTIFIER_BYTES = 63;

function truncateBytes(text: string, maxBytes: number): string {
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char) > maxBytes) break;
    out += char;
  }
  return out;
}

/** PostgreSQL silently cuts longer names (with a NOTICE), so a long @@map ends up shorter in the database. */
function identifier(name: string): string {
  return truncateBytes(name, MAX_IDENTIFIER_BYTES);
}

function withSuffix(stem: string, suffix: string): string {
  const limit = MAX_IDENTIFIER_BYTES - suffix.length;
  return `${Buffer.byteLength(stem) >= limit ? truncateBytes(stem, limit) : stem}${suffix}`;
}

export const defaultNames = {
  primaryKey: (table: string) => withSuffix(table, '_pkey'),
  unique: (table: string, columns: readonly string[]) => withSuffix(`${table}_${columns.join('_')}`, '_key'),
  index: (table: string, columns: readonly string[]) => withSuffix(`${table}_${columns.join('_')}`, '_idx'),
  foreignKey: (table: string, columns: readonly string[]) => withSuffix(`${table}_${columns.join('_')}`, '_fkey'),
};

/** Prisma's operator class names (JsonbPathOps) are PostgreSQL's (jsonb_path_ops) in PascalCase; raw() ones pass through. */
export function operatorClassSql(name: string): string {
  if (!/^[A-Z]/.test(name)) return name;
  return name
    .replace('TimestampTz', 'Timestamptz')
    .replace('TimeTz', 'Timetz')
    .replace('MacAddr', 'Macaddr')
    .replace('VarBit', 'Varbit')
    .replace('PgLsn', 'Pg_lsn')
    .replace('MinMax', 'Minmax')
    .replace(/(?<!^)([A-Z])/g, '_$1')
    .toLowerCase();
}

const INDEX_METHODS: Record<string, string> = {
  BTree: 'btree',
  Hash: 'hash',
  Gist: 'gist',
  Gin: 'gin',
  SpGist: 'spgist',
  Brin: 'brin',
};

export function expectedSchemaFromDatamodel(datamodel: DmmfDatamodel): SchemaShape {
  const modelsByName = new Map(datamodel.models.map((m) => [m.name, m]));
  const enumsByName = new Map(datamodel.enums.map((e) => [e.name, e]));
  const tableName = (modelName: string) => {
    const model = modelsByName.get(modelName);
    if (!model) throw new Error(`schema-drift: unknown model ${modelName}`);
    return identifier(model.dbName ?? model.name);
  };
  const columnName = (modelName: string, fieldName: string) => {
    const field = modelsByName.get(modelName)?.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`schema-drift: unknown field ${modelName}.${fieldName}`);
    return identifier(field.dbName ?? field.name);
  };
  const fieldType = (field: DmmfField): string => {
    let base: string;
    if (field.kind === 'enum') {
      const enumType = enumsByName.get(field.type);
      base = identifier(enumType?.dbName ?? field.type);
    } else if (field.nativeType) {
      base = nativeTypeSql(field.nativeType[0], field.nativeType[1]);
    } else {
      const mapped = DEFAULT_NATIVE_TYPES[field.type];
      if (!mapped) throw new Error(`schema-drift: no PostgreSQL type known for ${field.type} (field ${field.name})`);
      base = mapped;
    }
    return field.isList ? `${base}[]` : base;
  };
  const enumValue = (field: DmmfField, value: string | number | boolean): string => {
    if (field.kind !== 'enum') return String(value);
    return enumsByName.get(field.type)?.values.find((v) => v.name === value)?.dbName ?? String(value);
  };
  const fieldDefault = (field: DmmfField): ColumnDefault | null => {
    const value = field.default;
    if (value === undefined) return null;
    if (Array.isArray(value)) return { kind: 'value', value: value.map((v) => enumValue(field, v)) };
    if (typeof value === 'object' && value !== null && 'name' in value) {
      switch (value.name) {
        case 'autoincrement':
        case 'sequence':
          return { kind: 'autoincrement' };
        case 'now':
          return { kind: 'now' };
        case 'dbgenerated':
          return { kind: 'expression', sql: value.args[0] === undefined ? '' : String(value.args[0]) };
        case 'uuid':
        case 'cuid':
        case 'nanoid':
        case 'ulid':
          return null; // Generated by Prisma Client, not the database.
        default:
          throw new Error(`schema-drift: unknown default function ${value.name}() on field ${field.name}`);
      }
    }
    return { kind: 'value', value: enumValue(field, value as string | number | boolean) };
  };

  const tables = new Map<string, TableShape>();
  for (const model of datamodel.models) {
    const name = tableName(model.name);
    tables.set(name, {
      name,
      columns: model.fields
        .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
        .map((f) => ({
          name: identifier(f.dbName ?? f.name),
          type: fieldType(f),
          // Prisma creates list columns nullable even for required lists.
          nullable: !f.isRequired || f.isList,
          default: fieldDefault(f),
        })),
      primaryKey: null,
      indexes: [],
      foreignKeys: [],
    });
  }

  for (const index of datamodel.indexes) {
    const table = tables.get(tableName(index.model));
    if (!table) continue;
    const columns = index.fields.map((f) => columnName(index.model, f.name));
    if (index.type === 'id') {
      table.primaryKey = { name: index.dbName ?? defaultNames.primaryKey(table.name), columns };
      continue;
    }
    if (index.type !== 'unique' && index.type !== 'normal') continue; // fulltext is MySQL only
    const unique = index.type === 'unique';
    table.indexes.push({
      name: index.dbName ?? (unique ? defaultNames.unique(table.name, columns) : defaultNames.index(table.name, columns)),
      unique,
      method: INDEX_METHODS[index.algorithm ?? 'BTree'] ?? index.algorithm!.toLowerCase(),
      columns: index.fields.map((f, i) => ({
        name: columns[i]!,
        descending: f.sortOrder === 'desc',
        operatorClass: f.operatorClass ? operatorClassSql(f.operatorClass) : null,
      })),
      predicate: null,
    });
  }

  const seenImplicitRelations = new Set<string>();
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== 'object') continue;
      const from = field.relationFromFields ?? [];
      if (from.length > 0) {
        const table = tables.get(tableName(model.name))!;
        const columns = from.map((f) => columnName(model.name, f));
        table.foreignKeys.push({
          name: defaultNames.foreignKey(table.name, columns),
          columns,
          referencedTable: tableName(field.type),
          referencedColumns: (field.relationToFields ?? []).map((f) => columnName(field.type, f)),
          // Prisma's defaults when the schema names no action.
          onDelete: (field.relationOnDelete as ReferentialAction | undefined) ?? (field.isRequired ? 'Restrict' : 'SetNull'),
          onUpdate: (field.relationOnUpdate as ReferentialAction | undefined) ?? 'Cascade',
        });
      } else if (field.isList && field.relationName && !seenImplicitRelations.has(field.relationName)) {
        const other = modelsByName.get(field.type)?.fields.find((f) => f.kind === 'object' && f.relationName === field.relationName && f !== field);
        if (!other?.isList) continue; // one-to-many: the foreign key lives on the other side
        seenImplicitRelations.add(field.relationName);
        tables.set(`_${field.relationName}`, implicitManyToManyTable(field.relationName, [model.name, field.type]));
      }
    }
  }

  // Implicit many-to-many join table, as Prisma 6+ creates it: A refers to the model first by name.
  function implicitManyToManyTable(relationName: string, modelNames: string[]): TableShape {
    const [a, b] = [...modelNames].sort() as [string, string];
    const name = `_${relationName}`;
    const idOf = (modelName: string) => {
      const model = modelsByName.get(modelName)!;
      const pk = datamodel.indexes.find((i) => i.model === modelName && i.type === 'id');
      const idField = model.fields.find((f) => f.name === pk?.fields[0]?.name);
      if (!idField) throw new Error(`schema-drift: model ${modelName} in relation ${relationName} has no single-field id`);
      return idField;
    };
    const column = (label: string, modelName: string): ColumnShape => {
      const id = idOf(modelName);
      // The join column takes the id's type; serial ids become plain integers there.
      return { name: label, type: fieldType({ ...id, isList: false }), nullable: false, default: null };
    };
    const foreignKey = (label: string, modelName: string): ForeignKeyShape => ({
      name: `${name}_${label}_fkey`,
      columns: [label],
      referencedTable: tableName(modelName),
      referencedColumns: [columnName(modelName, idOf(modelName).name)],
      onDelete: 'Cascade',
      onUpdate: 'Cascade',
    });
    return {
      name,
      columns: [column('A', a), column('B', b)],
      primaryKey: { name: `${name}_AB_pkey`, columns: ['A', 'B'] },
      indexes: [
        {
          name: `${name}_B_index`,
          unique: false,
          method: 'btree',
          columns: [{ name: 'B', descending: false, operatorClass: null }],
          predicate: null,
        },
      ],
      foreignKeys: [foreignKey('A', a), foreignKey('B', b)],
    };
  }

  return {
    tables: [...tables.values()],
    enums: datamodel.enums.map((e) => ({
      name: identifier(e.dbName ?? e.name),
      values: e.values.map((v) => v.dbName ?? v.name),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Actual: from the catalog of a live database.

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  not_null: boolean;
  identity: string;
  generated: string;
  default: string | null;
}

interface KeyRow {
  table: string;
  name: string;
  type: string;
  columns: string[];
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
}

interface IndexRow {
  table: string;
  name: string;
  unique: boolean;
  method: string;
  predicate: string | null;
  column: string;
  descending: boolean;
  opclass: string;
  opclass_default: boolean;
}

export async function readDatabaseSchema(client: Pick<Client, 'query'>, schema = 'public'): Promise<SchemaShape> {
  const tableRows = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class
      WHERE relnamespace = $1::regnamespace AND relkind IN ('r', 'p') AND relname <> '_prisma_migrations'
      ORDER BY relname`,
    [schema],
  );
  const columnRows = await client.query<ColumnRow>(
    `SELECT t.relname AS table, a.attname AS name, a.attnotnull AS not_null, a.attidentity AS identity,
            a.attgenerated AS generated, pg_get_expr(d.adbin, d.adrelid) AS default,
            CASE WHEN et.typtype = 'e' THEN et.typname::text ELSE format_type(et.oid, a.atttypmod) END
              || CASE WHEN ty.typcategory = 'A' THEN '[]' ELSE '' END AS type
       FROM pg_attribute a
       JOIN pg_class t ON t.oid = a.attrelid
       JOIN pg_type ty ON ty.oid = a.atttypid
       JOIN pg_type et ON et.oid = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE t.relnamespace = $1::regnamespace AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY t.relname, a.attnum`,
    [schema],
  );
  const keyRows = await client.query<KeyRow>(
    `SELECT t.relname AS table, c.conname AS name, c.contype AS type,
            ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns,
            rt.relname AS referenced_table,
            ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS referenced_columns,
            c.confdeltype AS on_delete, c.confupdtype AS on_update
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       LEFT JOIN pg_class rt ON rt.oid = c.confrelid
      WHERE t.relnamespace = $1::regnamespace AND c.contype IN ('p', 'f')
      ORDER BY t.relname, c.conname`,
    [schema],
  );
  const indexRows = await client.query<IndexRow>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, am.amname AS method,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            CASE WHEN k.attnum = 0 THEN pg_get_indexdef(ix.indexrelid, k.ord::int, true) ELSE a.attname::text END AS column,
            (ix.indoption[k.ord - 1] & 1) = 1 AS descending,
            opc.opcname AS opclass, opc.opcdefault AS opclass_default
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_am am ON am.oid = i.relam
       CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
       JOIN pg_opclass opc ON opc.oid = ix.indclass[k.ord - 1]
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relnamespace = $1::regnamespace AND NOT ix.indisprimary AND k.ord <= ix.indnkeyatts
      ORDER BY t.relname, i.relname, k.ord`,
    [schema],
  );
  const enumRows = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = $1::regnamespace
      GROUP BY t.typname ORDER BY t.typname`,
    [schema],
  );

  const tables = new Map<string, TableShape>(
    tableRows.rows.map((r) => [r.name, { name: r.name, columns: [], primaryKey: null, indexes: [], foreignKeys: [] }]),
  );
  for (const row of columnRows.rows) {
    const table = tables.get(row.table);
    if (!table) continue;
    let columnDefault: ColumnDefault | null = null;
    if (row.identity) {
      columnDefault = { kind: 'autoincrement', sql: `GENERATED ${row.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY` };
    } else if (row.generated) columnDefault = { kind: 'expression', sql: `GENERATED ALWAYS AS (${row.default ?? ''}) STORED` };
    else if (row.default !== null) columnDefault = parseColumnDefault(row.default);
    table.columns.push({ name: row.name, type: row.type, nullable: !row.not_null, default: columnDefault });
  }
  for (const row of keyRows.rows) {
    const table = tables.get(row.table);
    if (!table) continue;
    if (row.type === 'p') table.primaryKey = { name: row.name, columns: row.columns };
    else
      table.foreignKeys.push({
        name: row.name,
        columns: row.columns,
        referencedTable: row.referenced_table ?? '?',
        referencedColumns: row.referenced_columns ?? [],
        onDelete: ACTIONS[row.on_delete] ?? 'NoAction',
        onUpdate: ACTIONS[row.on_update] ?? 'NoAction',
      });
  }
  for (const row of indexRows.rows) {
    const table = tables.get(row.table);
    if (!table) continue;
    let index = table.indexes.find((i) => i.name === row.name);
    if (!index) {
      index = { name: row.name, unique: row.unique, method: row.method, columns: [], predicate: row.predicate };
      table.indexes.push(index);
    }
    index.columns.push({
      name: row.column,
      descending: row.descending,
      operatorClass: row.opclass,
      operatorClassIsDefault: row.opclass_default,
    });
  }
  return { tables: [...tables.values()], enums: enumRows.rows.map((r) => ({ name: r.name, values: r.values })) };
}

/** Reads pg_get_expr's rendering of a column default back into the model's terms. */
export function parseColumnDefault(sql: string): ColumnDefault {
  const text = sql.trim();
  if (/^nextval\(/i.test(text)) return { kind: 'autoincrement', sql };
  if (/^(current_timestamp(\(\d+\))?|now\(\))$/i.test(text)) return { kind: 'now', sql };
  const array = /^ARRAY\[(.*?)\](::[\w ."]+\[\])?$/is.exec(text);
  if (array) {
    const elements = splitTopLevel(array[1]!).map(parseLiteral);
    if (elements.every((e): e is string => e !== undefined)) return { kind: 'value', value: elements, sql };
    return { kind: 'expression', sql };
  }
  const literal = parseLiteral(text);
  if (literal !== undefined) {
    // '{a,b}'::text[] is an array default written as a literal.
    if (/\[\]$/.test(text) && literal.startsWith('{')) return { kind: 'value', value: parseArrayLiteral(literal), sql };
    return { kind: 'value', value: literal, sql };
  }
  return { kind: 'expression', sql };
}

const CASTS = String.raw`(?:::(?:"[^"]+"|[a-z_][\w ]*)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?)*`;
const QUOTED_LITERAL = new RegExp(String.raw`^'((?:[^']|'')*)'${CASTS}$`, 'is');
const BARE_LITERAL = new RegExp(String.raw`^\(?(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?|true|false)\)?${CASTS}$`, 'i');

/** A constant, with PostgreSQL's casts and quoting removed; undefined for anything else. */
function parseLiteral(text: string): string | undefined {
  const trimmed = text.trim();
  const quoted = QUOTED_LITERAL.exec(trimmed);
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  const bare = BARE_LITERAL.exec(trimmed);
  return bare ? bare[1]!.toLowerCase() : undefined;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of list) {
    if (char === "'") quoted = !quoted;
    else if (!quoted && (char === '(' || char === '[')) depth++;
    else if (!quoted && (char === ')' || char === ']')) depth--;
    if (char === ',' && !quoted && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** PostgreSQL's one-dimensional array literal: {a,"b c",NULL}. */
function parseArrayLiteral(literal: string): string[] {
  const inner = literal.slice(1, -1);
  if (!inner) return [];
  const items: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < inner.length && (match = pattern.exec(inner))) {
    items.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!.trim());
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------
// Comparison: pure, returns one readable line per difference (empty: no drift).

export function compareSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const differences: string[] = [];
  const say = (text: string) => differences.push(text);

  const [expectedEnums, actualEnums] = [byName(expected.enums), byName(actual.enums)];
  for (const [name, expectedEnum] of expectedEnums) {
    const actualEnum = actualEnums.get(name);
    if (!actualEnum) say(`enum "${name}" is missing (expected values ${list(expectedEnum.values)})`);
    else if (!sameList(expectedEnum.values, actualEnum.values))
      say(`enum "${name}": values are ${list(actualEnum.values)}, expected ${list(expectedEnum.values)}`);
  }
  for (const name of actualEnums.keys()) if (!expectedEnums.has(name)) say(`enum "${name}" is not in the schema`);

  const [expectedTables, actualTables] = [byName(expected.tables), byName(actual.tables)];
  for (const [name, table] of expectedTables) {
    const actualTable = actualTables.get(name);
    if (!actualTable) say(`table "${name}" is missing`);
    else compareTables(table, actualTable, say);
  }
  for (const name of actualTables.keys()) if (!expectedTables.has(name)) say(`table "${name}" is not in the schema`);
  return differences;
}

function compareTables(expected: TableShape, actual: TableShape, say: (text: string) => void): void {
  const where = `table "${expected.name}"`;
  const actualColumns = byName(actual.columns);
  for (const column of expected.columns) {
    const found = actualColumns.get(column.name);
    if (!found) {
      say(`${where}: column "${column.name}" is missing (expected ${describeColumn(column)})`);
      continue;
    }
    const at = `${where}, column "${column.name}"`;
    if (found.type !== column.type) say(`${at}: type is ${found.type}, expected ${column.type}`);
    if (found.nullable !== column.nullable) say(`${at}: is ${found.nullable ? 'NULL' : 'NOT NULL'}, expected ${column.nullable ? 'NULL' : 'NOT NULL'}`);
    if (!sameDefault(column.default, found.default, column.type))
      say(`${at}: default is ${describeDefault(found.default)}, expected ${describeDefault(column.default)}`);
  }
  const expectedColumnNames = new Set(expected.columns.map((c) => c.name));
  for (const column of actual.columns)
    if (!expectedColumnNames.has(column.name)) {
      say(`${where}: column "${column.name}" (${describeColumn(column)}) is not in the schema`);
    }

  const primaryKey = (key: TableShape['primaryKey']) => (key ? `"${key.name}" (${list(key.columns)})` : 'none');
  if (primaryKey(expected.primaryKey) !== primaryKey(actual.primaryKey)) {
    say(`${where}: primary key is ${primaryKey(actual.primaryKey)}, expected ${primaryKey(expected.primaryKey)}`);
  }

  compareNamed(where, 'index', expected.indexes, actual.indexes, describeIndex, sameIndex, say);
  const sameForeignKey = (a: ForeignKeyShape, b: ForeignKeyShape) => describeForeignKey(a) === describeForeignKey(b);
  compareNamed(where, 'foreign key', expected.foreignKeys, actual.foreignKeys, describeForeignKey, sameForeignKey, say);
}

function compareNamed<T extends { name: string }>(
  where: string,
  kind: string,
  expected: T[],
  actual: T[],
  describe: (item: T) => string,
  same: (expected: T, actual: T) => boolean,
  say: (text: string) => void,
): void {
  const actualByName = byName(actual);
  for (const item of expected) {
    const found = actualByName.get(item.name);
    if (!found) say(`${where}: ${kind} "${item.name}" is missing (expected ${describe(item)})`);
    else if (!same(item, found)) say(`${where}: ${kind} "${item.name}" is ${describe(found)}, expected ${describe(item)}`);
  }
  const expectedNames = new Set(expected.map((i) => i.name));
  for (const item of actual) {
    if (!expectedNames.has(item.name)) say(`${where}: ${kind} "${item.name}" (${describe(item)}) is not in the schema`);
  }
}

function sameIndex(expected: IndexShape, actual: IndexShape): boolean {
  return (
    expected.unique === actual.unique &&
    expected.method === actual.method &&
    expected.predicate === actual.predicate &&
    expected.columns.length === actual.columns.length &&
    expected.columns.every((column, i) => {
      const other = actual.columns[i]!;
      const operatorClassMatches =
        column.operatorClass === null ? other.operatorClass === null || other.operatorClassIsDefault === true : column.operatorClass === other.operatorClass;
      return column.name === other.name && column.descending === other.descending && operatorClassMatches;
    })
  );
}

function describeIndex(index: IndexShape): string {
  const columns = index.columns.map((c) => {
    const operatorClass = c.operatorClass && !c.operatorClassIsDefault ? ` ${c.operatorClass}` : '';
    return `${c.name}${c.descending ? ' DESC' : ''}${operatorClass}`;
  });
  const where = index.predicate ? ` WHERE ${index.predicate}` : '';
  return `${index.unique ? 'UNIQUE ' : ''}${index.method} (${columns.join(', ')})${where}`;
}

function describeForeignKey(key: ForeignKeyShape): string {
  const target = `${key.referencedTable}(${key.referencedColumns.join(', ')})`;
  return `(${key.columns.join(', ')}) -> ${target} ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`;
}

function describeColumn(column: ColumnShape): string {
  const defaultText = column.default ? ` DEFAULT ${describeDefault(column.default)}` : '';
  return `${column.type} ${column.nullable ? 'NULL' : 'NOT NULL'}${defaultText}`;
}

function describeDefault(value: ColumnDefault | null): string {
  if (!value) return 'none';
  if (value.sql) return value.sql;
  switch (value.kind) {
    case 'autoincrement':
      return 'autoincrement()';
    case 'now':
      return 'now()';
    case 'value':
      return JSON.stringify(value.value);
    case 'expression':
      return 'a database-generated value';
  }
}

function sameDefault(expected: ColumnDefault | null, actual: ColumnDefault | null, type: string): boolean {
  if (!expected || !actual) return expected === actual;
  if (expected.kind === 'expression') {
    return expected.sql === '' || normalizeSql(expected.sql) === normalizeSql(actual.sql ?? '');
  }
  if (expected.kind !== actual.kind) return false;
  if (expected.kind === 'value' && actual.kind === 'value') {
    const canonical = (v: string | string[]) => (Array.isArray(v) ? v : [v]).map((item) => canonicalValue(item, type));
    return Array.isArray(expected.value) === Array.isArray(actual.value) && sameList(canonical(expected.value), canonical(actual.value));
  }
  return true;
}

/** One spelling per value, so 2.5 = 2.50, {"b":1,"a":2} = {"a": 2, "b": 1}, and ISO = PostgreSQL timestamps. */
function canonicalValue(value: string, type: string): string {
  const base = type.replace(/\[\]$/, '');
  if (/^(smallint|integer|bigint|numeric|real|double precision|money|oid)/.test(base)) {
    const plain = /^([-+]?)0*(\d*)(?:\.(\d*?)0*)?$/.exec(value.trim());
    if (!plain) return String(Number(value));
    const digits = `${plain[2] || '0'}${plain[3] ? `.${plain[3]}` : ''}`;
    return plain[1] === '-' && digits !== '0' ? `-${digits}` : digits;
  }
  if (base === 'json' || base === 'jsonb') {
    try {
      return JSON.stringify(sortKeys(JSON.parse(value)));
    } catch {
      return value;
    }
  }
  if (base === 'bytea') {
    // PostgreSQL prints hex ('\x0a1b'), Prisma's schema holds base64.
    return value.startsWith('\\x') ? value.slice(2).toLowerCase() : Buffer.from(value, 'base64').toString('hex');
  }
  if (base.startsWith('timestamp') || base === 'date') {
    const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
    const parsed = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) || base === 'date' ? iso : `${iso}Z`);
    return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
  }
  return value;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}

/** Whitespace, letter case and outer parentheses outside string literals do not change an expression. */
function normalizeSql(sql: string): string {
  let out = sql
    .trim()
    .replace(/('(?:[^']|'')*')|\s+|[^'\s]+/g, (token, literal: string | undefined) => literal ?? (/^\s+$/.test(token) ? ' ' : token.toLowerCase()));
  while (/^\(.*\)$/s.test(out) && balanced(out.slice(1, -1))) out = out.slice(1, -1).trim();
  return out.replace(/\s*([(),])\s*/g, '$1');
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function byName<T extends { name: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function list(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}
