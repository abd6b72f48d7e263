import { ConfigError, loadConfig } from '../../platform/config';

describe('loadConfig', () => {
  test('defaults: embedded Temporal and database, port 3000', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.temporal).toMatchObject({ embedded: true, address: '127.0.0.1:7233', namespace: 'default' });
    expect(config.database.embedded).toBe(true);
    expect(config.database.url).toMatch(/^postgresql:\/\/.*127\.0\.0\.1:5439\//);
  });

  test('given addresses switch the embedded services off', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', DATABASE_URL: 'postgresql://db/x' });
    expect(config.temporal).toMatchObject({ embedded: false, address: 'temporal.internal:7233' });
    expect(config.database).toMatchObject({ embedded: false, url: 'postgresql://db/x' });
  });

  test('a bad value names the variable and the value', () => {
    expect(() => loadConfig({ HTTP_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PORT: 'abc' })).toThrow(/HTTP_PORT: .*"abc"/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgresql/);
  });

  test('every problem is reported at once', () => {
    try {
      loadConfig({ HTTP_PORT: '70000', TEMPORAL_DEV_PORT: 'x' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['HTTP_PORT', 'TEMPORAL_DEV_PORT']);
    }
  });

  test('a TLS certificate without its key refuses to start', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/tls/client.pem' })).toThrow(
      /TEMPORAL_TLS_CLIENT_KEY_PATH: TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH \(or their _DATA forms\) must be given together/,
    );
  });

  test('the worker endpoints: off when unset, host:port when given', () => {
    expect(loadConfig({}).worker).toMatchObject({ healthAddress: undefined, sdkMetricsAddress: undefined });
    expect(loadConfig({ WORKER_HEALTH_ADDRESS: '0.0.0.0:9090', WORKER_SDK_METRICS_ADDRESS: '[::1]:9464' }).worker).toMatchObject({
      healthAddress: { host: '0.0.0.0', port: 9090 },
      sdkMetricsAddress: '[::1]:9464',
    });
    expect(loadConfig({ WORKER_HEALTH_ADDRESS: 'worker.local:0' }).worker.healthAddress).toEqual({ host: 'worker.local', port: 0 });
    expect(() => loadConfig({ WORKER_HEALTH_ADDRESS: '9090' })).toThrow(/WORKER_HEALTH_ADDRESS: must be host:port/);
    expect(() => loadConfig({ WORKER_HEALTH_ADDRESS: '127.0.0.1:70000' })).toThrow(/WORKER_HEALTH_ADDRESS: port must be 0-65535/);
    expect(() => loadConfig({ WORKER_SDK_METRICS_ADDRESS: 'localhost:9464' })).toThrow(/WORKER_SDK_METRICS_ADDRESS: the SDK binds an IP address/);
  });

  test('empty strings count as unset', () => {
    expect(loadConfig({ HTTP_PORT: '', DATABASE_URL: '' }).database.embedded).toBe(true);
  });
});
