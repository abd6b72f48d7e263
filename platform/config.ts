// The one configuration module. Every process (API, worker, start-up scripts) reads its settings here,
// validated with zod at start-up, so a bad value stops the process with the variable named instead of
// failing later somewhere deep.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const nonEmpty = z.string().trim().min(1);
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Environment variables, exactly as a user sets them. The README's configuration table mirrors this. */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    HTTP_HOST: nonEmpty.default('127.0.0.1'),
    HTTP_PORT: port.default(3000),

    // Unset: `npm start` runs a local Temporal dev server on TEMPORAL_DEV_PORT.
    TEMPORAL_ADDRESS: nonEmpty.optional(),
    TEMPORAL_NAMESPACE: nonEmpty.default('default'),
    TEMPORAL_TASK_QUEUE: nonEmpty.default('allianceflow'),
    TEMPORAL_TLS: booleanFlag.optional(),
    TEMPORAL_TLS_CERT_PATH: nonEmpty.optional(),
    TEMPORAL_TLS_KEY_PATH: nonEmpty.optional(),
    TEMPORAL_TLS_CA_PATH: nonEmpty.optional(),
    TEMPORAL_TLS_SERVER_NAME: nonEmpty.optional(),
    TEMPORAL_API_KEY: nonEmpty.optional(),
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_UI_PORT: port.default(8233),
    TEMPORAL_CLI: nonEmpty.optional(),

    // Unset: an embedded PostgreSQL (PGlite) is served on EMBEDDED_POSTGRES_PORT with data in DATA_DIR.
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    EMBEDDED_POSTGRES_PORT: port.default(5439),

    // A bootstrap admin token, for setting up the first organisations and users (or use `npm run seed`).
    ADMIN_TOKEN: z.string().trim().min(20, 'must be at least 20 characters').optional(),

    DATA_DIR: nonEmpty.default('.data'),
    // A prebuilt workflow bundle (from `npm run build`); unset: the worker bundles workflows/ at start.
    WORKFLOW_BUNDLE_PATH: nonEmpty.optional(),
  })
  .superRefine((env, ctx) => {
    // A half-given mTLS pair is a misconfiguration, not a request for plain TLS.
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      const missing = env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be given together',
      });
    }
  });

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  logLevel: Environment['LOG_LEVEL'];
  http: { host: string; port: number };
  temporal: {
    /** Where the worker and API connect. */
    address: string;
    /** True when no TEMPORAL_ADDRESS was given: `npm start` runs the dev server itself. */
    embedded: boolean;
    namespace: string;
    taskQueue: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
    devServer: { port: number; uiPort: number; cliPath?: string };
  };
  database: {
    url: string;
    /** True when no DATABASE_URL was given: `npm start` serves an embedded PGlite. */
    embedded: boolean;
    embeddedPort: number;
  };
  auth: { adminToken?: string };
  dataDir: string;
  workflowBundlePath?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `FOO= npm start` should mean the default, not an error.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message:
          issue.path.length && cleaned[String(issue.path[0])] !== undefined
            ? `${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])])})`
            : issue.message,
      })),
    );
  }
  const e = parsed.data;
  const tlsGiven =
    e.TEMPORAL_TLS === true ||
    Boolean(e.TEMPORAL_TLS_CERT_PATH || e.TEMPORAL_TLS_CA_PATH || e.TEMPORAL_TLS_SERVER_NAME);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`,
      embedded: e.TEMPORAL_ADDRESS === undefined,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls:
        tlsGiven && e.TEMPORAL_TLS !== false
          ? {
              certPath: e.TEMPORAL_TLS_CERT_PATH,
              keyPath: e.TEMPORAL_TLS_KEY_PATH,
              caPath: e.TEMPORAL_TLS_CA_PATH,
              serverName: e.TEMPORAL_TLS_SERVER_NAME,
            }
          : undefined,
      apiKey: e.TEMPORAL_API_KEY,
      devServer: { port: e.TEMPORAL_DEV_PORT, uiPort: e.TEMPORAL_UI_PORT, cliPath: e.TEMPORAL_CLI },
    },
    database: {
      url: e.DATABASE_URL ?? embeddedDatabaseUrl(e.EMBEDDED_POSTGRES_PORT),
      embedded: e.DATABASE_URL === undefined,
      embeddedPort: e.EMBEDDED_POSTGRES_PORT,
    },
    auth: { adminToken: e.ADMIN_TOKEN },
    dataDir: path.resolve(e.DATA_DIR),
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
  };
}
