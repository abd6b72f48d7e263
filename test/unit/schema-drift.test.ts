// The drift comparison on its own: a small schema read through Prisma's DMMF, compared with hand-written
// database models, one correct and one with three kinds of drift.
import { getDMMF } from '@prisma/internals';
import { compareSchemas, defaultNames, expectedSchemaFromDatamodel, parseColumnDefault, type SchemaShape } from '../support/schema-drift';

const datamodel = `
datasource db {
  provider = "postgresql"
}

enum Stage {
  open
  closed
}

model Ticket {
  id        Int      @id @default(autoincrement())
  title     String   @db.VarChar(120)
  stage     Stage    @default(open)
  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(3)

  @@index([stage, createdAt])
  @@map("tickets")
}
`;

/** What `migrate` should leave behind for the schema above, as readDatabaseSchema reports it. */
function matchingDatabase(): SchemaShape {
  return {
    enums: [{ name: 'Stage', values: ['open', 'closed'] }],
    tables: [
      {
        name: 'tickets',
        columns: [
          { name: 'id', type: 'integer', nullable: false, default: parseColumnDefault(`nextval('tickets_id_seq'::regclass)`) },
          { name: 'title', type: 'character varying(120)', nullable: false, default: null },
          { name: 'stage', type: 'Stage', nullable: false, default: parseColumnDefault(`'open'::"Stage"`) },
          { name: 'created_at', type: 'timestamp(3) with time zone', nullable: false, default: parseColumnDefault('CURRENT_TIMESTAMP') },
        ],
        primaryKey: { name: 'tickets_pkey', columns: ['id'] },
        indexes: [
          {
            name: 'tickets_stage_created_at_idx',
            unique: false,
            method: 'btree',
            columns: [
              { name: 'stage', descending: false, operatorClass: 'enum_ops', operatorClassIsDefault: true },
              { name: 'created_at', descending: false, operatorClass: 'timestamptz_ops', operatorClassIsDefault: true },
            ],
            predicate: null,
          },
        ],
        foreignKeys: [],
      },
    ],
  };
}

let expected: SchemaShape;

beforeAll(async () => {
  expected = expectedSchemaFromDatamodel((await getDMMF({ datamodel })).datamodel);
});

test('a database that matches the schema has no differences', () => {
  expect(compareSchemas(expected, matchingDatabase())).toEqual([]);
});

test('reports an added column, a wrong type and a missing index', () => {
  const drifted = matchingDatabase();
  const table = drifted.tables[0]!;
  table.columns.push({ name: 'priority', type: 'integer', nullable: true, default: null });
  table.columns[1]!.type = 'text';
  table.indexes = [];

  expect(compareSchemas(expected, drifted)).toEqual([
    'table "tickets", column "title": type is text, expected character varying(120)',
    'table "tickets": column "priority" (integer NULL) is not in the schema',
    'table "tickets": index "tickets_stage_created_at_idx" is missing (expected btree (stage, created_at))',
  ]);
});

test('reports wrong nullability, defaults, enum values and missing tables', () => {
  const drifted = matchingDatabase();
  const table = drifted.tables[0]!;
  table.columns[2]!.nullable = true;
  table.columns[2]!.default = parseColumnDefault(`'closed'::"Stage"`);
  table.columns[3]!.default = null;
  drifted.enums[0]!.values = ['open'];
  drifted.tables.push({ name: 'leftover', columns: [], primaryKey: null, indexes: [], foreignKeys: [] });

  expect(compareSchemas(expected, drifted)).toEqual([
    'enum "Stage": values are [open], expected [open, closed]',
    'table "tickets", column "stage": is NULL, expected NOT NULL',
    `table "tickets", column "stage": default is 'closed'::"Stage", expected "open"`,
    'table "tickets", column "created_at": default is none, expected now()',
    'table "leftover" is not in the schema',
  ]);
});

test('default constraint names follow Prisma, cut to PostgreSQL 63 bytes', () => {
  expect(defaultNames.unique('users', ['email'])).toBe('users_email_key');
  const long = 'a_table_with_a_rather_long_name_to_check_identifier_truncation_rules';
  expect(defaultNames.primaryKey(long)).toBe('a_table_with_a_rather_long_name_to_check_identifier_trunca_pkey');
  expect(defaultNames.index(long, ['x', 'why', 'z'])).toBe('a_table_with_a_rather_long_name_to_check_identifier_truncat_idx');
});
