// Prints the authorization policy table generated from the route declarations, or with --write puts it
// into docs/authorization.md (test/api/authorization-matrix.test.ts fails while the two differ).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mountedRoutes } from '../api/app';
import { policyTableMarkdown, withPolicyTable } from '../api/auth/policy-table';

const table = policyTableMarkdown(mountedRoutes);
if (process.argv.includes('--write')) {
  const file = path.resolve(__dirname, '..', 'docs', 'authorization.md');
  writeFileSync(file, withPolicyTable(readFileSync(file, 'utf8'), table));
  console.log(`updated ${path.relative(process.cwd(), file)}`);
} else {
  console.log(table);
}
