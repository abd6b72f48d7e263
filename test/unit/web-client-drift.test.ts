// The console's generated API types (web/src/api/schema.d.ts) match the OpenAPI document the API serves
// today: a route or schema changed without `npm run web:client` fails here, so the console cannot drift.
// openapi-typescript is an ES module, so the check runs as its own process (scripts/web-client.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

test('web/src/api/schema.d.ts is generated from the current GET /openapi.json', () => {
  const root = path.resolve(__dirname, '..', '..');
  const check = () => {
    try {
      return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/web-client.ts', '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const failed = error as { stderr?: string; stdout?: string };
      return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
  };
  expect(check()).toContain('matches GET /openapi.json');
});
