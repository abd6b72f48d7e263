// Temporal's connection settings are read the way every Temporal SDK and the CLI read them
// (@temporalio/envconfig, in platform/config.ts): Temporal's variable names, over a profile of the TOML
// config file; the project's earlier TLS names still work, with one deprecation line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, DEPRECATED_TEMPORAL_NAMES, loadConfig } from '../../platform/config';

const root = path.resolve(__dirname, '..', '..');
let dir: string;
let configFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'envconfig-'));
  configFile = path.join(dir, 'temporal.toml');
  writeFileSync(
    configFile,
    [
      '[profile.default]',
      'address = "temporal.default.internal:7233"',
      'namespace = "from-default-profile"',
      '',
      '[profile.production]',
      'address = "temporal.prod.internal:7233"',
      'namespace = "allianceflow"',
      '[profile.production.tls]',
      'client_cert_path = "/etc/temporal/client.pem"',
      'client_key_path = "/etc/temporal/client.key"',
      'server_ca_cert_path = "/etc/temporal/ca.pem"',
      'server_name = "temporal.prod"',
      '',
      '[profile.cloud]',
      'address = "ns.acct.tmprl.cloud:7233"',
      'namespace = "ns.acct"',
      'api_key = "cloud-key"',
      '',
      '[profile.halfpair.tls]',
      'client_cert_path = "/etc/temporal/client.pem"',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("Temporal's own variable names", () => {
  const { temporal } = loadConfig({
    TEMPORAL_ADDRESS: 'temporal.internal:7233',
    TEMPORAL_NAMESPACE: 'allianceflow',
    TEMPORAL_TLS_CLIENT_CERT_PATH: '/tls/client.pem',
    TEMPORAL_TLS_CLIENT_KEY_PATH: '/tls/client.key',
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/tls/ca.pem',
    TEMPORAL_TLS_SERVER_NAME: 'temporal',
    TEMPORAL_API_KEY: 'k',
  });
  expect(temporal).toMatchObject({
    address: 'temporal.internal:7233',
    embedded: false,
    namespace: 'allianceflow',
    apiKey: 'k',
    tls: { certPath: '/tls/client.pem', keyPath: '/tls/client.key', caPath: '/tls/ca.pem', serverName: 'temporal' },
  });
});

test('nothing given: the local dev server, namespace "default", no TLS', () => {
  expect(loadConfig({}).temporal).toMatchObject({ address: '127.0.0.1:7233', embedded: true, namespace: 'default', tls: undefined, apiKey: undefined });
});

test('TEMPORAL_TLS=true alone: server-authenticated TLS; TEMPORAL_TLS=false switches TLS off whatever else is given', () => {
  expect(loadConfig({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS: 'true' }).temporal.tls).toEqual({});
  expect(loadConfig({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/tls/ca.pem' }).temporal.tls).toBeUndefined();
});

test('PEM text instead of paths (the _DATA forms)', () => {
  const { tls } = loadConfig({
    TEMPORAL_ADDRESS: 'x:7233',
    TEMPORAL_TLS_CLIENT_CERT_DATA: '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----',
    TEMPORAL_TLS_CLIENT_KEY_DATA: '-----BEGIN PRIVATE KEY-----\nB\n-----END PRIVATE KEY-----',
  }).temporal;
  expect(tls).toEqual({
    certData: '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----',
    keyData: '-----BEGIN PRIVATE KEY-----\nB\n-----END PRIVATE KEY-----',
  });
});

test('the deprecated names map to Temporal’s', () => {
  expect(DEPRECATED_TEMPORAL_NAMES).toEqual({
    TEMPORAL_TLS_CERT_PATH: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
    TEMPORAL_TLS_KEY_PATH: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
    TEMPORAL_TLS_CA_PATH: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  });
  const { temporal } = loadConfig({
    LOG_LEVEL: 'silent',
    TEMPORAL_ADDRESS: 'x:7233',
    TEMPORAL_TLS_CERT_PATH: '/old/client.pem',
    TEMPORAL_TLS_KEY_PATH: '/old/client.key',
    TEMPORAL_TLS_CA_PATH: '/old/ca.pem',
  });
  expect(temporal.tls).toEqual({ certPath: '/old/client.pem', keyPath: '/old/client.key', caPath: '/old/ca.pem' });
});

test('an old and a new name with different values refuse to start, naming both', () => {
  expect(() => loadConfig({ LOG_LEVEL: 'silent', TEMPORAL_TLS_CA_PATH: '/a.pem', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/b.pem' })).toThrow(
    /TEMPORAL_TLS_CA_PATH: differs from TEMPORAL_TLS_SERVER_CA_CERT_PATH; set only TEMPORAL_TLS_SERVER_CA_CERT_PATH/,
  );
  // The same value under both names is only deprecated.
  expect(loadConfig({ LOG_LEVEL: 'silent', TEMPORAL_TLS_CA_PATH: '/a.pem', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/a.pem' }).temporal.tls).toEqual({
    caPath: '/a.pem',
  });
});

test('a process given deprecated names logs one deprecation line, however often it reads its configuration', () => {
  const script = ["const { loadConfig } = require('./platform/config');", 'loadConfig(process.env);', 'loadConfig(process.env);'].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      LOG_FORMAT: 'json',
      TEMPORAL_ADDRESS: 'x:7233',
      TEMPORAL_TLS_CERT_PATH: '/old/client.pem',
      TEMPORAL_TLS_KEY_PATH: '/old/client.key',
    },
    timeout: 30_000,
  });
  expect(result.status).toBe(0);
  const lines = result.stdout.trim().split('\n');
  process.stdout.write(`${lines.join('\n')}\n`);
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({
    level: 'warn',
    service: 'config',
    deprecated: ['TEMPORAL_TLS_CERT_PATH -> TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH -> TEMPORAL_TLS_CLIENT_KEY_PATH'],
  });
});

describe('the Temporal config file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE)', () => {
  test('its default profile', () => {
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: configFile }).temporal).toMatchObject({
      address: 'temporal.default.internal:7233',
      embedded: false,
      namespace: 'from-default-profile',
    });
  });

  test('a named profile, with its TLS files', () => {
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'production' }).temporal).toMatchObject({
      address: 'temporal.prod.internal:7233',
      namespace: 'allianceflow',
      tls: { certPath: '/etc/temporal/client.pem', keyPath: '/etc/temporal/client.key', caPath: '/etc/temporal/ca.pem', serverName: 'temporal.prod' },
    });
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'cloud' }).temporal).toMatchObject({ namespace: 'ns.acct', apiKey: 'cloud-key' });
  });

  test('variables override the profile', () => {
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'production', TEMPORAL_NAMESPACE: 'staging' }).temporal).toMatchObject({
      address: 'temporal.prod.internal:7233',
      namespace: 'staging',
    });
  });

  test('the default location, ~/.config/temporalio/temporal.toml (XDG_CONFIG_HOME)', () => {
    const xdg = mkdtempSync(path.join(tmpdir(), 'xdg-'));
    try {
      mkdirSync(path.join(xdg, 'temporalio'));
      writeFileSync(path.join(xdg, 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "from-xdg:7233"\n');
      expect(loadConfig({ XDG_CONFIG_HOME: xdg }).temporal.address).toBe('from-xdg:7233');
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
  });

  test('an unknown profile, or half a TLS pair in the profile, refuses to start', () => {
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'nowhere' })).toThrow(ConfigError);
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'nowhere' })).toThrow(/TEMPORAL_PROFILE: Profile 'nowhere' not found/);
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'halfpair' })).toThrow(
      /TEMPORAL_PROFILE: the profile gives a TLS client certificate without its key/,
    );
  });
});
