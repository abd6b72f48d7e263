// Prisma 7 reads its configuration here. Only the CLI uses it (generate, and migrate on machines that
// have the schema engine); the application builds its own client from platform/config.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/allianceflow' },
});
