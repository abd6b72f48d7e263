// toProblem: which failures are the client's, which are a passing outage (503) and which are ours (500).
import { ServiceUnavailableProblem, ValidationProblem, toProblem } from '../../api/errors';
import { createLogger } from '../../platform/logger';

const log = createLogger('test', 'silent');

function prismaError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('a database that cannot be reached is a 503, not a 500', () => {
  const outages: Array<[string, unknown]> = [
    ['Prisma cannot reach the server', prismaError('PrismaClientKnownRequestError', "Can't reach database server", { code: 'P1001' })],
    [
      'the pg adapter reports the socket refused',
      prismaError('DriverAdapterError', 'x', { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }),
    ],
    ['the server shut the session down (SQLSTATE 57P01)', prismaError('PrismaClientUnknownRequestError', 'x', { code: '57P01' })],
    // pg's own connection errors carry no code and the adapter rethrows them unconverted.
    ['pg: connection terminated, as a plain Error', new Error('Connection terminated unexpectedly')],
    ['pg: a client broken by an earlier connection error', new Error('Client has encountered a connection error and is not queryable')],
    ['pg: the pool could not connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'Prisma could not start a transaction within its wait (a busy pool or server)',
      prismaError('PrismaClientKnownRequestError', 'Transaction API error: Unable to start a transaction in the given time.', { code: 'P2028' }),
    ],
    ['the cause of a wrapping error', Object.assign(new Error('step failed'), { cause: new Error('read ECONNRESET') })],
  ];
  test.each(outages)('%s', (_case, error) => {
    const problem = toProblem(error, log);
    expect(problem).toBeInstanceOf(ServiceUnavailableProblem);
    expect(problem.status).toBe(503);
  });
});

test('an unknown failure is a 500 carrying an error id and nothing of the error itself', () => {
  const problem = toProblem(new Error('secret internals: relation "x" does not exist'), log);
  expect(problem.status).toBe(500);
  expect(problem.extensions.errorId).toEqual(expect.any(String));
  expect(problem.detail).not.toMatch(/secret/);
});

test('a unique-constraint failure is not mistaken for an outage', () => {
  const problem = toProblem(prismaError('PrismaClientKnownRequestError', 'Unique constraint failed on the fields: (`id`)', { code: 'P2002' }), log);
  expect(problem.status).toBe(500);
});

test('body-parser JSON errors are validation problems', () => {
  expect(toProblem({ type: 'entity.parse.failed', message: 'Unexpected token' }, log)).toBeInstanceOf(ValidationProblem);
});

describe("a value the database cannot store is the request's fault: 422, never 500", () => {
  const adapterError = (code: string) =>
    prismaError('PrismaClientKnownRequestError', 'Database error', {
      code: 'P2039',
      meta: { driverAdapterError: { cause: { originalCode: code, originalMessage: 'date/time field value out of range: "0000-01-01 00:00:00"' } } },
    });
  test.each([
    ['22008 datetime field overflow', '22008'],
    ['22001 string too long', '22001'],
    ['23502 not-null violation', '23502'],
  ])('%s', (_case, code) => {
    const problem = toProblem(adapterError(code), log);
    expect(problem.status).toBe(422);
    expect(problem.slug).toBe('unstorable-value');
    expect(problem.extensions.sqlState).toBe(code);
  });
  test('a unique violation (23505) is not a data error', () => {
    expect(toProblem(adapterError('23505'), log).status).toBe(500);
  });
});
