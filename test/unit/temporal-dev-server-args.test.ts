// The dev server's command line, checked without starting it (the flags are those of
// `temporal server start-dev --help`, CLI v1.5.1).
import pino from 'pino';
import { defineSearchAttributeKey } from '@temporalio/common';
import { devServerArgs } from '../../devtools/temporal-dev-server';

const base = {
  cliPath: '/opt/temporal',
  port: 7233,
  namespace: 'allianceflow',
  dbFile: '/data/temporal/dev-server.sqlite',
  ip: '127.0.0.1',
  searchAttributes: [],
  log: pino({ level: 'silent' }),
};

describe('devServerArgs', () => {
  it('starts a persistent, loopback-only server with WAL pragmas, warn-level logs and eager activities', () => {
    expect(devServerArgs(base)).toEqual([
      'server',
      'start-dev',
      '--db-filename',
      '/data/temporal/dev-server.sqlite',
      '--ip',
      '127.0.0.1',
      '--port',
      '7233',
      '--ui-port',
      '8233',
      '--namespace',
      'allianceflow',
      '--log-level',
      'warn',
      '--sqlite-pragma',
      'journal_mode=WAL',
      '--sqlite-pragma',
      'synchronous=OFF',
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
    ]);
  });

  it('maps every SDK search attribute type to the CLI spelling', () => {
    const args = devServerArgs({
      ...base,
      searchAttributes: [
        defineSearchAttributeKey('A', 'TEXT'),
        defineSearchAttributeKey('B', 'KEYWORD'),
        defineSearchAttributeKey('C', 'INT'),
        defineSearchAttributeKey('D', 'DOUBLE'),
        defineSearchAttributeKey('E', 'BOOL'),
        defineSearchAttributeKey('F', 'DATETIME'),
        defineSearchAttributeKey('G', 'KEYWORD_LIST'),
      ],
    });
    const values = args.flatMap((arg, i) => (arg === '--search-attribute' ? [args[i + 1]] : []));
    expect(values).toEqual(['A=Text', 'B=Keyword', 'C=Int', 'D=Double', 'E=Bool', 'F=Datetime', 'G=KeywordList']);
  });

  it('runs headless when uiPort is false, and honours an explicit UI port', () => {
    expect(devServerArgs({ ...base, uiPort: false })).toContain('--headless');
    expect(devServerArgs({ ...base, uiPort: false })).not.toContain('--ui-port');
    const args = devServerArgs({ ...base, uiPort: 9000 });
    expect(args.slice(args.indexOf('--ui-port'), args.indexOf('--ui-port') + 2)).toEqual(['--ui-port', '9000']);
  });

  it('points the Web UI at the codec endpoint when one is given (and only with a UI)', () => {
    const endpoint = 'http://127.0.0.1:3000/v1/codec';
    const args = devServerArgs({ ...base, uiCodecEndpoint: endpoint });
    expect(args.slice(args.indexOf('--ui-codec-endpoint'), args.indexOf('--ui-codec-endpoint') + 2)).toEqual(['--ui-codec-endpoint', endpoint]);
    expect(devServerArgs({ ...base, uiPort: false, uiCodecEndpoint: endpoint })).not.toContain('--ui-codec-endpoint');
    expect(devServerArgs(base)).not.toContain('--ui-codec-endpoint');
  });

  it('does not name the "default" namespace, which the CLI always creates', () => {
    expect(devServerArgs({ ...base, namespace: 'default' })).not.toContain('--namespace');
  });
});
