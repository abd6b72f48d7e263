// Processes refuse to start on bad configuration, naming the variable (checked on the real entry points).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const tsx = require.resolve('tsx/cli');

function start(entry: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [tsx, path.join(root, entry)], {
    cwd: root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr };
}

test.each(['worker/main.ts', 'api/main.ts'])('%s refuses a TLS certificate without its key', (entry) => {
  const { code, stderr } = start(entry, { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/tls/client.pem' });
  expect(code).toBe(1);
  expect(stderr).toContain(
    'TEMPORAL_TLS_CLIENT_KEY_PATH: TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms) must be given together',
  );
});

test('npm start refuses HTTP_PORT=abc, naming the variable, before starting anything', () => {
  const { code, stderr } = start('scripts/start.ts', { HTTP_PORT: 'abc' });
  expect(code).toBe(1);
  expect(stderr).toContain('HTTP_PORT: must be a port number (1-65535) (got "abc")');
});

test('api/main.ts refuses a weak ADMIN_TOKEN, saying the rule and not repeating the value', () => {
  const { code, stderr } = start('api/main.ts', { TEMPORAL_ADDRESS: '127.0.0.1:1', ADMIN_TOKEN: 'aaaaaaaaaaaaaaaaaaaa' });
  expect(code).toBe(1);
  expect(stderr).toMatch(/ADMIN_TOKEN: too short \(20 characters\); must be 32 to 200 characters of A-Z a-z 0-9/);
  expect(stderr).toContain('openssl rand');
  expect(stderr).not.toContain('aaaaaaaaaaaaaaaaaaaa');
});
