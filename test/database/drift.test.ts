// Guards prisma/migrations against drift from prisma/schema.prisma: a scratch database migrated with the
// project's migrator must have exactly the tables, columns, types, nullability, defaults, keys, indexes,
// foreign keys and enums that Prisma Migrate would create from the schema. A second test holds the
// comparison itself to Prisma's own SQL for a schema that uses every PostgreSQL type and option Prisma has.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';
import { createLogger } from '../../platform/logger';
import { migrate } from '../../platform/migrator';
import { createScratchDatabase } from '../support/scratch-database';
import { compareSchemas, expectedSchemaFromDatamodel, readDatabaseSchema } from '../support/schema-drift';

const schemaPath = path.resolve(__dirname, '..', '..', 'prisma', 'schema.prisma');

async function driftBetween(datamodel: string, prepare: (url: string) => Promise<void>): Promise<string[]> {
  const database = await createScratchDatabase('drift_test');
  try {
    await prepare(database.url);
    const expected = expectedSchemaFromDatamodel((await getDMMF({ datamodel })).datamodel);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return compareSchemas(expected, await readDatabaseSchema(client));
    } finally {
      await client.end();
    }
  } finally {
    await database.drop();
  }
}

function failOnDrift(differences: string[], advice: string): void {
  if (differences.length === 0) return;
  throw new Error(`${differences.length} difference(s):\n  - ${differences.join('\n  - ')}\n${advice}`);
}

test('the migrations create exactly the database prisma/schema.prisma describes', async () => {
  const differences = await driftBetween(readFileSync(schemaPath, 'utf8'), async (url) => {
    await migrate(url, { log: createLogger('drift-test', 'silent') });
  });
  failOnDrift(
    differences,
    'prisma/schema.prisma and prisma/migrations disagree: add a migration for the schema change ' + '(see the comment at the top of platform/migrator.ts).',
  );
});

test('the comparison agrees with the SQL Prisma Migrate prints, for every PostgreSQL type and option', async () => {
  const differences = await driftBetween(PRISMA_FIXTURE_SCHEMA, async (url) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(PRISMA_FIXTURE_SQL);
    } finally {
      await client.end();
    }
  });
  failOnDrift(differences, 'test/support/schema-drift.ts no longer models what Prisma creates.');
});

// Scalar types with their default and their @db native types, lists, enums with @map, every default
// kind, @updatedAt, index options (sort order, method, operator classes), named and default constraint
// names (including one cut to 63 bytes), referential actions and implicit many-to-many tables.
const PRISMA_FIXTURE_SCHEMA = String.raw`
datasource db {
  provider = "postgresql"
}

enum Color {
  red
  green @map("GREEN")

  @@map("colors")
}

model Everything {
  id        Int        @id @default(autoincrement())
  big       BigInt     @default(-5)
  flag      Boolean    @default(true)
  ratio     Float      @default(1.5)
  money     Decimal    @default(2.50)
  blob      Bytes?
  doc       Json       @default("{\"b\":1,\"a\":[true,null]}")
  docs      Json[]
  text      String     @default("it's")
  tags      String[]   @default(["a", "b c"])
  nums      Int[]      @default([])
  at        DateTime   @default(now())
  fixedAt   DateTime   @default("2020-01-02T03:04:05.000Z")
  changedAt DateTime   @updatedAt
  color     Color      @default(green)
  colors    Color[]    @default([red, green])
  uuid      String     @default(uuid()) @db.Uuid
  cuid      String     @default(cuid())
  later     DateTime   @default(dbgenerated("(now() + '1 day'::interval)")) @db.Timestamptz(6)
  smallInt  Int        @db.SmallInt
  oid       Int        @db.Oid
  real      Float      @db.Real
  exact     Decimal    @db.Decimal(10, 2)
  cash      Decimal    @db.Money
  varchar   String     @db.VarChar(200)
  varcharN  String     @db.VarChar
  char      String     @db.Char
  bit       String     @db.Bit(3)
  varbit    String     @db.VarBit(8)
  xml       String     @db.Xml
  inet      String     @db.Inet
  uuidPlain String?    @db.Uuid
  plainJson Json       @db.Json
  bytea     Bytes      @db.ByteA
  day       DateTime   @db.Date
  time      DateTime   @db.Time(3)
  timetz    DateTime   @db.Timetz(0)
  stamp     DateTime   @db.Timestamp(6)
  ownerId   Int?
  owner     Owner?     @relation(fields: [ownerId], references: [id])
  partId    String     @map("part_id")
  part      Part       @relation(fields: [partId], references: [code], onDelete: Restrict, onUpdate: NoAction)
  a         String
  b         String

  @@unique([a, b], map: "ab_uniq")
  @@unique([b(sort: Desc), a])
  @@index([a(sort: Desc), b], map: "custom_idx")
  @@index([tags], type: Gin)
  @@index([varchar(ops: raw("text_pattern_ops"))])
  @@index([doc(ops: JsonbPathOps)], type: Gin)
  @@index([inet(ops: InetOps)], type: Gist)
  @@index([text], type: Hash)
  @@index([id(ops: Int4MinMaxOps)], type: Brin)
  @@map("everything")
}

model Owner {
  id       Int          @id(map: "owner_pk") @default(autoincrement())
  bigId    BigInt       @unique @default(autoincrement())
  key      String       @unique(map: "owner_key_unique")
  things   Everything[]
  parentId Int?         @unique
  parent   Owner?       @relation("tree", fields: [parentId], references: [id], onDelete: Cascade)
  child    Owner?       @relation("tree")
  friends  Owner[]      @relation("friends")
  friendOf Owner[]      @relation("friends")
  tags     Tag[]
}

model Part {
  code   String       @id @db.VarChar(30)
  rows   Everything[]
}

model Tag {
  id     String  @id @db.VarChar(30)
  owners Owner[]
}

model Composite {
  x Int
  y String @map("why")
  z Int    @default(autoincrement()) @db.SmallInt

  @@id([x, y])
  @@map("a_table_with_a_rather_long_name_to_check_identifier_truncation_rules")
  @@index([x, y, z])
}`;

// Printed by Prisma 6.19 (\`prisma migrate diff --from-empty --to-schema-datamodel --script\`, with its
// offline WebAssembly engine) from the schema above, minus its leading CREATE SCHEMA "public".
const PRISMA_FIXTURE_SQL = String.raw`
-- CreateEnum
CREATE TYPE "colors" AS ENUM ('red', 'GREEN');

-- CreateTable
CREATE TABLE "everything" (
    "id" SERIAL NOT NULL,
    "big" BIGINT NOT NULL DEFAULT -5,
    "flag" BOOLEAN NOT NULL DEFAULT true,
    "ratio" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "money" DECIMAL(65,30) NOT NULL DEFAULT 2.50,
    "blob" BYTEA,
    "doc" JSONB NOT NULL DEFAULT '{"b":1,"a":[true,null]}',
    "docs" JSONB[],
    "text" TEXT NOT NULL DEFAULT 'it''s',
    "tags" TEXT[] DEFAULT ARRAY['a', 'b c']::TEXT[],
    "nums" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" TIMESTAMP(3) NOT NULL DEFAULT '2020-01-02 03:04:05 +00:00',
    "changedAt" TIMESTAMP(3) NOT NULL,
    "color" "colors" NOT NULL DEFAULT 'GREEN',
    "colors" "colors"[] DEFAULT ARRAY['red', 'GREEN']::"colors"[],
    "uuid" UUID NOT NULL,
    "cuid" TEXT NOT NULL,
    "later" TIMESTAMPTZ(6) NOT NULL DEFAULT (now() + '1 day'::interval),
    "smallInt" SMALLINT NOT NULL,
    "oid" OID NOT NULL,
    "real" REAL NOT NULL,
    "exact" DECIMAL(10,2) NOT NULL,
    "cash" MONEY NOT NULL,
    "varchar" VARCHAR(200) NOT NULL,
    "varcharN" VARCHAR NOT NULL,
    "char" CHAR NOT NULL,
    "bit" BIT(3) NOT NULL,
    "varbit" VARBIT(8) NOT NULL,
    "xml" XML NOT NULL,
    "inet" INET NOT NULL,
    "uuidPlain" UUID,
    "plainJson" JSON NOT NULL,
    "bytea" BYTEA NOT NULL,
    "day" DATE NOT NULL,
    "time" TIME(3) NOT NULL,
    "timetz" TIMETZ(0) NOT NULL,
    "stamp" TIMESTAMP(6) NOT NULL,
    "ownerId" INTEGER,
    "part_id" TEXT NOT NULL,
    "a" TEXT NOT NULL,
    "b" TEXT NOT NULL,

    CONSTRAINT "everything_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Owner" (
    "id" SERIAL NOT NULL,
    "bigId" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "parentId" INTEGER,

    CONSTRAINT "owner_pk" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Part" (
    "code" VARCHAR(30) NOT NULL,

    CONSTRAINT "Part_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" VARCHAR(30) NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "a_table_with_a_rather_long_name_to_check_identifier_truncation_rules" (
    "x" INTEGER NOT NULL,
    "why" TEXT NOT NULL,
    "z" SMALLSERIAL NOT NULL,

    CONSTRAINT "a_table_with_a_rather_long_name_to_check_identifier_trunca_pkey" PRIMARY KEY ("x","why")
);

-- CreateTable
CREATE TABLE "_friends" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_friends_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_OwnerToTag" (
    "A" INTEGER NOT NULL,
    "B" VARCHAR(30) NOT NULL,

    CONSTRAINT "_OwnerToTag_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "custom_idx" ON "everything"("a" DESC, "b");

-- CreateIndex
CREATE INDEX "everything_tags_idx" ON "everything" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "everything_varchar_idx" ON "everything"("varchar" text_pattern_ops);

-- CreateIndex
CREATE INDEX "everything_doc_idx" ON "everything" USING GIN ("doc" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "everything_inet_idx" ON "everything" USING GIST ("inet" inet_ops);

-- CreateIndex
CREATE INDEX "everything_text_idx" ON "everything" USING HASH ("text");

-- CreateIndex
CREATE INDEX "everything_id_idx" ON "everything" USING BRIN ("id" int4_minmax_ops);

-- CreateIndex
CREATE UNIQUE INDEX "ab_uniq" ON "everything"("a", "b");

-- CreateIndex
CREATE UNIQUE INDEX "everything_b_a_key" ON "everything"("b" DESC, "a");

-- CreateIndex
CREATE UNIQUE INDEX "Owner_bigId_key" ON "Owner"("bigId");

-- CreateIndex
CREATE UNIQUE INDEX "owner_key_unique" ON "Owner"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Owner_parentId_key" ON "Owner"("parentId");

-- CreateIndex
CREATE INDEX "a_table_with_a_rather_long_name_to_check_identifier_truncat_idx" ON "a_table_with_a_rather_long_name_to_check_identifier_truncation_rules"("x", "why", "z");

-- CreateIndex
CREATE INDEX "_friends_B_index" ON "_friends"("B");

-- CreateIndex
CREATE INDEX "_OwnerToTag_B_index" ON "_OwnerToTag"("B");

-- AddForeignKey
ALTER TABLE "everything" ADD CONSTRAINT "everything_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "everything" ADD CONSTRAINT "everything_part_id_fkey" FOREIGN KEY ("part_id") REFERENCES "Part"("code") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Owner" ADD CONSTRAINT "Owner_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Owner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_friends" ADD CONSTRAINT "_friends_A_fkey" FOREIGN KEY ("A") REFERENCES "Owner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_friends" ADD CONSTRAINT "_friends_B_fkey" FOREIGN KEY ("B") REFERENCES "Owner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_OwnerToTag" ADD CONSTRAINT "_OwnerToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Owner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_OwnerToTag" ADD CONSTRAINT "_OwnerToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
`;
