// The one configuration module. Every process (API, worker, start-up scripts) reads its settings here,
// validated with zod at start-up, so a bad value stops the process with the variable named instead of
// failing later somewhere deep.
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { isoDurationMs } from '../core/iso-duration';
import { isoDuration } from '../schemas/iso-duration';
import { DEFAULT_MAX_AMENDMENTS } from '../core/agreement-defaults';
import { isCalendarDate } from '../core/calendar-date';
import { defaultRulesPolicy, type PlacementPolicyDefaults, placementPolicyDefaults, type PlacementRulesPolicy } from '../core/placement-defaults';
import { roleOfUrl } from './database-roles';
import { type PayloadKeyring, PayloadKeyError, parsePayloadKeys } from './payload-codec';
import { STRONG_TOKEN_RULE, weakTokenReason } from './token-strength';
import { createLogger, defaultLogFormat, type LogFormat } from './logger';
import { type ClientConfigProfile, type ClientConfigTLS, type ConfigDataSource, loadClientConfigProfile } from '@temporalio/envconfig';

const port = z.coerce.number({ error: 'must be a port number (1-65535)' }).int().min(1).max(65535);
const nonEmpty = z.string().trim().min(1);
function trustedProxyItem(item: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
  if (ipaddr.isValid(item)) return true;
  try {
    ipaddr.parseCIDR(item);
    return true;
  } catch {
    return false;
  }
}

/** A configured bearer secret: one the bearer parser accepts and nobody guesses (platform/token-strength.ts). */
const strongToken = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const reason = weakTokenReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: `${reason}; ${STRONG_TOKEN_RULE}` });
  });
/**
 * A listening address "host:port" ("127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464"); port 0 lets the OS
 * pick one (the worker logs the port it got).
 */
const listenAddress = z
  .string()
  .trim()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
  .refine((v) => Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535, { message: 'port must be 0-65535' });
const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Environment variables, exactly as a user sets them. The README's configuration table mirrors this. */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Unset: pretty at a terminal, JSON otherwise (platform/logger.ts).
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    // OpenTelemetry's own names (platform/tracing.ts): traces go over OTLP/HTTP when either is set.
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),

    HTTP_HOST: nonEmpty.default('127.0.0.1'),
    HTTP_PORT: port.default(3000),
    // Which proxies' X-Forwarded-For / -Proto to believe (Express "trust proxy"): the client address the
    // rate limit counts and whether a request came over https (HSTS). Unset: none, the socket's peer.
    HTTP_TRUST_PROXY: z
      .string()
      .trim()
      .refine((v) => /^\d{1,2}$/.test(v) || v.split(',').every((item) => trustedProxyItem(item.trim())), {
        message: 'must be a hop count, or comma-separated addresses, subnets (CIDR) or loopback / linklocal / uniquelocal',
      })
      .optional(),
    // Requests per window (api/rate-limit.ts), counted in PostgreSQL so that every API replica shares them.
    // How long a launch waits for its workflow to record it before answering 503 (retry with the same key).
    LAUNCH_RECORD_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).max(100_000_000).default(600),
    RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000_000).default(1200),

    // Temporal's own connection settings, as every Temporal SDK and the CLI read them
    // (@temporalio/envconfig): these variables, over the profile TEMPORAL_PROFILE (default "default") of
    // the TOML file TEMPORAL_CONFIG_FILE (default ~/.config/temporalio/temporal.toml) when it exists.
    // No address anywhere: `npm start` runs a local Temporal dev server on TEMPORAL_DEV_PORT.
    TEMPORAL_ADDRESS: nonEmpty.optional(),
    // Unset here and in the profile: "default".
    TEMPORAL_NAMESPACE: nonEmpty.optional(),
    TEMPORAL_PROFILE: nonEmpty.optional(),
    TEMPORAL_CONFIG_FILE: nonEmpty.optional(),
    TEMPORAL_TASK_QUEUE: nonEmpty.default('allianceflow'),
    // Matching rounds' own task queue (worker/worker.ts); unset: TEMPORAL_TASK_QUEUE with `-rounds`.
    TEMPORAL_ROUND_TASK_QUEUE: nonEmpty.optional(),
    TEMPORAL_TLS: booleanFlag.optional(),
    // The earlier names TEMPORAL_TLS_CERT_PATH, _KEY_PATH and _CA_PATH are still read (DEPRECATED_TEMPORAL_NAMES).
    TEMPORAL_TLS_CLIENT_CERT_PATH: nonEmpty.optional(),
    TEMPORAL_TLS_CLIENT_KEY_PATH: nonEmpty.optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: nonEmpty.optional(),
    // The PEM text itself instead of a path (Temporal's names too).
    TEMPORAL_TLS_CLIENT_CERT_DATA: nonEmpty.optional(),
    TEMPORAL_TLS_CLIENT_KEY_DATA: nonEmpty.optional(),
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: nonEmpty.optional(),
    TEMPORAL_TLS_SERVER_NAME: nonEmpty.optional(),
    TEMPORAL_API_KEY: nonEmpty.optional(),
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_UI_PORT: port.default(8233),
    TEMPORAL_CLI: nonEmpty.optional(),
    // The payload codec (platform/payload-codec.ts). Unset keys: one is generated into DATA_DIR on first use.
    TEMPORAL_PAYLOAD_KEYS: nonEmpty.optional(),
    TEMPORAL_PAYLOAD_KEYS_FILE: nonEmpty.optional(),
    TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT: booleanFlag.default(false),
    TEMPORAL_CODEC_CORS_ORIGINS: z
      .string()
      .trim()
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .refine((origins) => origins.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), { message: 'must be origins (http(s)://host[:port]) separated by commas' })
      .optional(),

    // Unset: an embedded PostgreSQL is served on EMBEDDED_POSTGRES_PORT with data in DATA_DIR/postgres.
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    // The owner role the migrator runs as (platform/database-roles.ts); DATABASE_URL is then the
    // application's restricted role, granted its privileges after every migration run.
    MIGRATION_DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    EMBEDDED_POSTGRES_PORT: port.default(5439),

    // A bootstrap admin token, for setting up the first organisations and users (or use `npm run seed`).
    ADMIN_TOKEN: strongToken.optional(),
    // The bearer token Prometheus sends to scrape GET /metrics (admins may read it too).
    METRICS_TOKEN: strongToken.optional(),
    // How long an API process remembers a user's token that authenticated (api/auth/token-cache.ts): a
    // revocation or deactivation made elsewhere holds here at most this many seconds later. 0: off.
    AUTH_TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),

    DATA_DIR: nonEmpty.default('.data'),
    // A prebuilt workflow bundle (from `npm run build`); unset: the worker bundles workflows/ at start.
    WORKFLOW_BUNDLE_PATH: nonEmpty.optional(),

    // Worker tuning (worker/worker.ts). Defaults chosen from the benchmarks: see BENCHMARKS.md.
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(2000).default(40),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(2000).default(100),
    // Workflows kept in the worker's memory between their tasks (the sticky cache); the rest are replayed
    // from history when they next wake. Bounded so that placements waiting for weeks do not each stay in
    // memory: 10,000 open placements fit in 1 GiB of worker RSS (BENCHMARKS.md, B3).
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(1_000_000).default(200),
    // The V8 old-space limit of the worker's workflow thread, in MiB (worker/workflow-heap.ts). Unset: 192
    // plus 1 per cached workflow. Without a limit V8 sizes it from the machine's memory and lets evicted
    // workflows' garbage pile up to gigabytes before it collects (B3).
    WORKER_WORKFLOW_HEAP_MB: z.coerce.number().int().min(64).max(65_536).optional(),
    // Stack traces of workflows for Temporal's stack trace query (worker/workflow-stack-traces.ts): the
    // SDK's promise hook behind them is most of the workflow thread's CPU, so off unless asked for.
    WORKER_WORKFLOW_STACK_TRACES: booleanFlag.default(false),
    WORKER_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(2).max(500).optional(),
    WORKER_ACTIVITY_TASK_POLLERS: z.coerce.number().int().min(1).max(500).optional(),
    WORKER_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    // The matching rounds' worker's own connections (a round's transaction holds one; its offers' pages three).
    WORKER_ROUND_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(4),
    // false: this worker process leaves the rounds' queue to a round worker process (npm run worker:rounds).
    WORKER_RUNS_ROUNDS: booleanFlag.default(true),
    // The worker's own HTTP endpoint: /healthz, /readyz, /metrics (worker/health-server.ts). Unset: off,
    // so several workers on one machine never compete for a port; set it wherever an orchestrator probes.
    WORKER_HEALTH_ADDRESS: listenAddress.optional(),
    // The Temporal Core SDK's Prometheus exporter (temporal_* metrics: schedule-to-start latency, slots,
    // polls). Unset: off. A separate listener, served by the SDK's Rust core, not by Node.
    WORKER_SDK_METRICS_ADDRESS: listenAddress
      .refine((v) => ipaddr.isValid(parseListenAddress(v).host), { message: 'the SDK binds an IP address, not a host name (e.g. 127.0.0.1:9464)' })
      .optional(),
    // How often a worker records workflows that ended abnormally (worker/abnormal-end-reconciler.ts).
    WORKFLOW_END_RECONCILE_INTERVAL: isoDuration.default('PT1M').refine(
      (d) => {
        const ms = isoDurationMs(d, new Date(0));
        return ms >= 1000 && ms <= 86_400_000;
      },
      { message: 'must be from PT1S to P1D' },
    ),

    // Notifications (activities/notifications). Unset SMTP_HOST: no e-mail is sent (inbox and webhooks still are).
    SMTP_HOST: nonEmpty.optional(),
    SMTP_PORT: port.default(587),
    SMTP_SECURE: booleanFlag.default(false),
    SMTP_REQUIRE_TLS: booleanFlag.default(false),
    SMTP_USER: nonEmpty.optional(),
    SMTP_PASSWORD: nonEmpty.optional(),
    SMTP_FROM: nonEmpty.default('AllianceFlow <no-reply@allianceflow.local>'),
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    WEBHOOK_ALLOW_LOOPBACK: booleanFlag.default(false),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag.default(false),
    WEBHOOK_RETRY_INITIAL_INTERVAL: isoDuration.default('PT30S'),
    WEBHOOK_RETRY_MAX_INTERVAL: isoDuration.default('PT2H'),
    WEBHOOK_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
    WEBHOOK_SECRET_GRACE_PERIOD: isoDuration.default('P1D'),

    // Agreements (workflows/agreement-signing): amendments one agreement may have (its history stays bounded).
    AGREEMENT_MAX_AMENDMENTS: z.coerce.number().int().min(1).max(500).default(DEFAULT_MAX_AMENDMENTS),
    // The largest uploaded document (a PDF an alliance signs): the whole body is held in memory once and
    // stored in PostgreSQL, so the bound is the API's memory per upload, not the disk.
    DOCUMENT_MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(20 * 1024 * 1024),

    // Placements (workflows/apprenticeship-placement): the rules' calendar and maximum, and the default policy.
    PLACEMENT_STATUTORY_HOLIDAYS: z
      .string()
      .trim()
      .default('')
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .refine((dates) => dates.every(isCalendarDate), { message: 'must be YYYY-MM-DD dates separated by commas' }),
    PLACEMENT_MAX_DURATION: isoDuration.default(defaultRulesPolicy.maximumDuration),
    PLACEMENT_OFFER_DEADLINE: isoDuration.default(placementPolicyDefaults.offerDeadline),
    PLACEMENT_AGREEMENT_DEADLINE: isoDuration.default(placementPolicyDefaults.agreementDeadline),
    PLACEMENT_CHECK_IN_PERIOD: isoDuration.default(placementPolicyDefaults.checkInPeriod),
    PLACEMENT_CHECK_IN_GRACE: isoDuration.default(placementPolicyDefaults.checkInGrace),
    PLACEMENT_MISSED_CHECK_INS_TO_ESCALATE: z.coerce.number().int().min(1).max(20).default(placementPolicyDefaults.missedCheckInsToEscalate),
    PLACEMENT_CREDITS: z.coerce.number().min(0).max(60).default(placementPolicyDefaults.credits),

    // Certification (activities/certification). Unset key: one is generated into DATA_DIR on first use.
    CERTIFICATE_ISSUER_KEY: z.string().trim().includes('PRIVATE KEY', { message: 'must be a PEM (PKCS#8) Ed25519 private key' }).optional(),
    CERTIFICATE_ISSUER_KEY_FILE: nonEmpty.optional(),
    CERTIFICATE_ISSUER_NAME: nonEmpty.default('AllianceFlow Certification'),
    CERTIFICATE_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),

    // People sign in (api/accounts/): passwords, invitations, sessions, brute-force limits, single sign-on.
    ACCOUNT_LINK_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    INVITATION_TTL: isoDuration.default('P7D'),
    PASSWORD_RESET_TTL: isoDuration.default('PT30M'),
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(12),
    SESSION_IDLE_TIMEOUT: isoDuration.default('PT2H'),
    SESSION_ABSOLUTE_TIMEOUT: isoDuration.default('PT12H'),
    SESSION_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(3).max(1000).default(50),
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(3).max(100_000).default(500),
    SIGN_IN_FAILURE_WINDOW: isoDuration.default('PT1H'),
    SIGN_IN_LOCKOUT: isoDuration.default('PT15M'),
    SERVICE_TOKEN_TTL: isoDuration.default('P90D'),
    OIDC_ISSUER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    OIDC_CLIENT_ID: nonEmpty.optional(),
    OIDC_CLIENT_SECRET: nonEmpty.optional(),
    OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    OIDC_ORGANIZATION_CLAIM: nonEmpty.optional(),
    OIDC_ALLOWED_EMAIL_DOMAINS: z
      .string()
      .trim()
      .default('')
      .transform((v) =>
        v
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((d) => d.toLowerCase()),
      ),
    // Audit signatures (activities/audit/audit-signing.ts) use the certificate issuer's key; after a key
    // change, list the earlier keys' public halves here so what they signed still verifies.
    AUDIT_TRUSTED_PUBLIC_KEYS: z
      .string()
      .trim()
      .default('')
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .refine((keys) => keys.every((k) => /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(k)), {
        message: 'must be Ed25519 public keys in multibase ("z6Mk..."), separated by commas',
      }),
  })
  .superRefine((env, ctx) => {
    if (env.TEMPORAL_PAYLOAD_KEYS !== undefined) {
      try {
        parsePayloadKeys(env.TEMPORAL_PAYLOAD_KEYS);
      } catch (error) {
        if (!(error instanceof PayloadKeyError)) throw error;
        ctx.addIssue({ code: 'custom', path: ['TEMPORAL_PAYLOAD_KEYS'], message: error.message });
      }
      if (env.TEMPORAL_PAYLOAD_KEYS_FILE !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['TEMPORAL_PAYLOAD_KEYS_FILE'], message: 'give TEMPORAL_PAYLOAD_KEYS or TEMPORAL_PAYLOAD_KEYS_FILE, not both' });
      }
    }
    // A half-given mTLS pair is a misconfiguration, not a request for plain TLS.
    const certGiven = Boolean(env.TEMPORAL_TLS_CLIENT_CERT_PATH || env.TEMPORAL_TLS_CLIENT_CERT_DATA);
    const keyGiven = Boolean(env.TEMPORAL_TLS_CLIENT_KEY_PATH || env.TEMPORAL_TLS_CLIENT_KEY_DATA);
    if (certGiven !== keyGiven) {
      ctx.addIssue({
        code: 'custom',
        path: [certGiven ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH'],
        message: 'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms) must be given together',
      });
    }
    // The SDK refuses more pollers than execution slots; say so at start-up, naming the variable.
    if (env.WORKER_WORKFLOW_TASK_POLLERS !== undefined && env.WORKER_WORKFLOW_TASK_POLLERS > env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS) {
      ctx.addIssue({ code: 'custom', path: ['WORKER_WORKFLOW_TASK_POLLERS'], message: 'must not exceed WORKER_MAX_CONCURRENT_WORKFLOW_TASKS' });
    }
    if (env.WORKER_ACTIVITY_TASK_POLLERS !== undefined && env.WORKER_ACTIVITY_TASK_POLLERS > env.WORKER_MAX_CONCURRENT_ACTIVITIES) {
      ctx.addIssue({ code: 'custom', path: ['WORKER_ACTIVITY_TASK_POLLERS'], message: 'must not exceed WORKER_MAX_CONCURRENT_ACTIVITIES' });
    }
    if (env.OIDC_ISSUER_URL && !(env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.OIDC_CLIENT_ID ? 'OIDC_CLIENT_SECRET' : 'OIDC_CLIENT_ID'],
        message: 'is required when OIDC_ISSUER_URL is set',
      });
    }
    if (durationMs(env.SESSION_IDLE_TIMEOUT) > durationMs(env.SESSION_ABSOLUTE_TIMEOUT)) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_TIMEOUT'], message: 'must not exceed SESSION_ABSOLUTE_TIMEOUT' });
    }
    if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['MIGRATION_DATABASE_URL'],
        message: 'needs DATABASE_URL (the application role) too; without both, npm start makes the roles on its embedded database',
      });
    }
    if (Boolean(env.SMTP_USER) !== Boolean(env.SMTP_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER'],
        message: 'SMTP_USER and SMTP_PASSWORD must be given together',
      });
    }
  });

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  logLevel: Environment['LOG_LEVEL'];
  /** How log lines are written: pretty (pino-pretty) or JSON. */
  logFormat: LogFormat;
  /** OTLP/HTTP traces endpoint; undefined: tracing off. */
  tracing: { otlpTracesEndpoint: string | undefined };
  http: {
    host: string;
    port: number;
    /** Express's "trust proxy" value; false: trust no X-Forwarded-* header. */
    trustProxy: boolean | number | string;
    /** How long a launch waits for its workflow's record before answering 503 (api/workflow-start.ts). */
    launchRecordWaitMs: number;
  };
  rateLimit: RateLimitConfig;
  temporal: {
    /** Where the worker and API connect. */
    address: string;
    /** True when no TEMPORAL_ADDRESS was given: `npm start` runs the dev server itself. */
    embedded: boolean;
    namespace: string;
    taskQueue: string;
    /** TEMPORAL_ROUND_TASK_QUEUE when given; read it with matchingRoundTaskQueue(). */
    roundTaskQueue?: string;
    /** TLS on when given; each certificate or key as a file path or as the PEM text itself (…Data). */
    tls?: TemporalTls;
    apiKey?: string;
    devServer: { port: number; uiPort: number; cliPath?: string };
  };
  database: {
    /** The application's connection (API, worker, seed). */
    url: string;
    /** The owner's connection, for the migrator: MIGRATION_DATABASE_URL, else the same as url. */
    migrationUrl: string;
    /**
     * The application's role when it differs from the owner's: the migrator grants it its privileges.
     * Unset when one URL serves both (the application can then rewrite the audit trail; it says so).
     */
    applicationRole?: string;
    /** True when no DATABASE_URL was given: `npm start` serves an embedded PostgreSQL. */
    embedded: boolean;
    embeddedPort: number;
  };
  auth: { adminToken?: string; metricsToken?: string; tokenCacheSeconds?: number };
  accounts: AccountsConfig;
  payloadCodec: PayloadCodecConfig;
  notifications: NotificationsConfig;
  agreements: { maxAmendments: number };
  /** Uploaded documents (api/documents/upload.ts): the largest body accepted, in bytes. */
  documents: { maxUploadBytes: number };
  placement: PlacementConfig;
  certification: CertificationConfig;
  audit: AuditConfig;
  dataDir: string;
  workflowBundlePath?: string;
  worker: WorkerTuning;
}

export interface TemporalTls {
  certPath?: string;
  keyPath?: string;
  caPath?: string;
  certData?: string;
  keyData?: string;
  caData?: string;
  serverName?: string;
}

/** The general per-route limit (api/rate-limit.ts): requests per window, per bearer token and per client address. */
export interface RateLimitConfig {
  windowSeconds: number;
  perToken: number;
  perAddress: number;
}

/** The Temporal payload codec's keys and switches (platform/payload-codec.ts, platform/payload-keys.ts). */
export interface PayloadCodecConfig {
  /** From TEMPORAL_PAYLOAD_KEYS; unset with keysFile, or with neither (a key generated into DATA_DIR). */
  keys?: PayloadKeyring;
  keysFile?: string;
  /** TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT: the migration switch for histories written before encryption. */
  acceptPlaintext: boolean;
  /** Origins whose browser pages (the Temporal Web UI) may call the codec endpoint. */
  corsOrigins: string[];
}

/** The worker's concurrency and cache (Worker.create options) and its database pool. */
export interface WorkerTuning {
  maxConcurrentWorkflowTasks: number;
  maxConcurrentActivities: number;
  /** Workflows kept in memory between tasks (WORKER_MAX_CACHED_WORKFLOWS, default 200: B3 in BENCHMARKS.md). */
  maxCachedWorkflows?: number;
  /** The workflow thread's V8 old-space limit in MiB (WORKER_WORKFLOW_HEAP_MB); unset: from the cache size. */
  workflowHeapMb?: number;
  /** Stack traces for the stack trace query (WORKER_WORKFLOW_STACK_TRACES, default false); unset: on, the SDK's own default. */
  workflowStackTraces?: boolean;
  /** Unset: the SDK's default, min(10, maxConcurrentWorkflowTasks). */
  workflowTaskPollers?: number;
  /** Unset: the SDK's default, min(10, maxConcurrentActivities). */
  activityTaskPollers?: number;
  databasePoolSize: number;
  /** The matching rounds' worker's database pool (WORKER_ROUND_DATABASE_POOL_SIZE). */
  roundDatabasePoolSize: number;
  /**
   * Whether `npm run worker` also polls the rounds' queue (WORKER_RUNS_ROUNDS, default true: one process
   * is a whole worker). npm start and the deploy kit set false and run the round worker as a process of its
   * own (worker/round-worker.ts), so a round's task never shares an event loop with the other processes'.
   */
  runsRounds: boolean;
  /** How often the worker records abnormal workflow ends (WORKFLOW_END_RECONCILE_INTERVAL). */
  reconcileIntervalMs: number;
  /** WORKER_HEALTH_ADDRESS: where /healthz, /readyz and /metrics are served; unset: not served. */
  healthAddress?: ListenAddress;
  /** WORKER_SDK_METRICS_ADDRESS ("host:port"): the Core SDK's Prometheus exporter; unset: off. */
  sdkMetricsAddress?: string;
}

/** A parsed listening address (brackets of an IPv6 host removed). */
export interface ListenAddress {
  host: string;
  port: number;
}

export function parseListenAddress(text: string): ListenAddress {
  const colon = text.lastIndexOf(':');
  return { host: text.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(text.slice(colon + 1)) };
}

export interface NotificationsConfig {
  /** Unset when SMTP_HOST is not given: e-mails are then skipped. */
  smtp?: {
    host: string;
    port: number;
    /** Implicit TLS (port 465); otherwise STARTTLS when offered, or required with requireTls. */
    secure: boolean;
    requireTls: boolean;
    auth?: { user: string; pass: string };
    from: string;
    timeoutMs: number;
  };
  webhooks: {
    timeoutMs: number;
    allowLoopback: boolean;
    allowPrivateNetworks: boolean;
    /** ISO 8601 durations; the delivery workflow backs off exponentially with jitter between them. */
    retry: { initialInterval: string; maximumInterval: string; maximumAttempts: number };
    /** How long a rotated-out secret keeps signing (ISO 8601 duration). */
    secretGracePeriod: string;
  };
}

/** Sign-in settings (api/accounts/). Durations in milliseconds. */
export interface AccountsConfig {
  /** Where the links in invitation and reset e-mails point (the web console), without a trailing slash. */
  linkBaseUrl: string;
  invitationTtlMs: number;
  passwordResetTtlMs: number;
  passwordMinLength: number;
  session: { idleTimeoutMs: number; absoluteTimeoutMs: number; secureCookie: 'auto' | 'always' | 'never' };
  signIn: { maxFailures: number; maxFailuresPerAddress: number; failureWindowMs: number; lockoutMs: number };
  serviceTokenTtlMs: number;
  /** Unset when OIDC_ISSUER_URL is not given: single sign-on is off. */
  oidc?: {
    issuerUrl: string;
    clientId: string;
    clientSecret: string;
    redirectUrl: string;
    /** A claim whose value must be the organisation id of the invited account (unset: not checked). */
    organizationClaim?: string;
    /** Lower-cased; empty: every domain. */
    allowedEmailDomains: string[];
  };
}

export interface CertificationConfig {
  /** The issuer's Ed25519 private key (PEM); or a file holding it; neither: generated into DATA_DIR. */
  issuerKeyPem?: string;
  issuerKeyFile?: string;
  /** The issuer profile's name in every credential. */
  issuerName: string;
  /** The public URL of the API: credential ids, status lists and verification links start with it. */
  baseUrl: string;
}

export interface AuditConfig {
  /** Public keys ("z6Mk...") besides the issuer key's own whose audit and seal signatures verify. */
  trustedPublicKeys: string[];
}

/** The placement rules (their thresholds and the statutory holidays) and the default placement policy. */
export interface PlacementConfig {
  rules: PlacementRulesPolicy;
  policy: PlacementPolicyDefaults;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/** A duration's length in milliseconds, counted from the epoch (calendar units: a fixed reference). */
function durationMs(text: string): number {
  return isoDurationMs(text, new Date(0));
}

function accountsConfig(e: Environment): AccountsConfig {
  const apiUrl = `http://${e.HTTP_HOST}:${e.HTTP_PORT}`;
  return {
    linkBaseUrl: (e.ACCOUNT_LINK_BASE_URL ?? apiUrl).replace(/\/+$/, ''),
    invitationTtlMs: durationMs(e.INVITATION_TTL),
    passwordResetTtlMs: durationMs(e.PASSWORD_RESET_TTL),
    passwordMinLength: e.PASSWORD_MIN_LENGTH,
    session: {
      idleTimeoutMs: durationMs(e.SESSION_IDLE_TIMEOUT),
      absoluteTimeoutMs: durationMs(e.SESSION_ABSOLUTE_TIMEOUT),
      secureCookie: e.SESSION_COOKIE_SECURE === 'auto' ? 'auto' : e.SESSION_COOKIE_SECURE === 'true' ? 'always' : 'never',
    },
    signIn: {
      maxFailures: e.SIGN_IN_MAX_FAILURES,
      maxFailuresPerAddress: e.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      failureWindowMs: durationMs(e.SIGN_IN_FAILURE_WINDOW),
      lockoutMs: durationMs(e.SIGN_IN_LOCKOUT),
    },
    serviceTokenTtlMs: durationMs(e.SERVICE_TOKEN_TTL),
    oidc:
      e.OIDC_ISSUER_URL && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuerUrl: e.OIDC_ISSUER_URL,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            redirectUrl: e.OIDC_REDIRECT_URL ?? `${apiUrl}/v1/sso/callback`,
            organizationClaim: e.OIDC_ORGANIZATION_CLAIM,
            allowedEmailDomains: e.OIDC_ALLOWED_EMAIL_DOMAINS,
          }
        : undefined,
  };
}
/** HTTP_TRUST_PROXY as Express takes it: a hop count, or the addresses/subnets text itself. */
function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The application's role, when DATABASE_URL and MIGRATION_DATABASE_URL log in as different roles. */
function applicationRoleOf(databaseUrl: string | undefined, migrationUrl: string | undefined): string | undefined {
  if (!databaseUrl || !migrationUrl) return undefined;
  const role = roleOfUrl(databaseUrl);
  return role && role !== roleOfUrl(migrationUrl) ? role : undefined;
}
/** Variables whose values an error message must not repeat. */
const SECRET_VARIABLES = new Set([
  'TEMPORAL_PAYLOAD_KEYS',
  'ADMIN_TOKEN',
  'METRICS_TOKEN',
  'SMTP_PASSWORD',
  'CERTIFICATE_ISSUER_KEY',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
]);

/**
 * This project's earlier names for Temporal's TLS settings, and Temporal's own name for each: still
 * read, with one deprecation line per process (warnDeprecatedNames).
 */
export const DEPRECATED_TEMPORAL_NAMES = {
  TEMPORAL_TLS_CERT_PATH: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY_PATH: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA_PATH: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
} as const;

/** The environment with each deprecated name moved to Temporal's; both given with different values is an error. */
function renameDeprecated(env: Record<string, string>): {
  env: Record<string, string>;
  deprecated: string[];
  conflicts: { variable: string; message: string }[];
} {
  const renamed = { ...env };
  const deprecated: string[] = [];
  const conflicts: { variable: string; message: string }[] = [];
  for (const [old, current] of Object.entries(DEPRECATED_TEMPORAL_NAMES)) {
    const value = renamed[old];
    if (value === undefined) continue;
    delete renamed[old];
    deprecated.push(old);
    if (renamed[current] !== undefined && renamed[current] !== value) {
      conflicts.push({ variable: old, message: `differs from ${current}; set only ${current} (${old} is its deprecated name)` });
    }
    renamed[current] ??= value;
  }
  return { env: renamed, deprecated, conflicts };
}

let deprecationWarned = false;

/** One line per process, in the process's log format, naming each deprecated variable and its replacement. */
function warnDeprecatedNames(deprecated: string[], level: Environment['LOG_LEVEL'], format: LogFormat): void {
  if (!deprecated.length || deprecationWarned) return;
  deprecationWarned = true;
  const names = deprecated.map((old) => `${old} -> ${DEPRECATED_TEMPORAL_NAMES[old as keyof typeof DEPRECATED_TEMPORAL_NAMES]}`);
  createLogger('config', level, format).warn({ deprecated: names }, `deprecated settings, rename them to Temporal's own names: ${names.join(', ')}`);
}

/** Where a certificate comes from, as envconfig gives it: a file or the PEM text itself. */
function sourceOf(source: ConfigDataSource | undefined): { path?: string; data?: string } {
  if (!source) return {};
  if ('path' in source) return { path: source.path };
  return { data: typeof source.data === 'string' ? source.data : Buffer.from(source.data).toString('utf8') };
}

/**
 * Temporal's connection profile (@temporalio/envconfig): the config file's profile with the
 * TEMPORAL_* variables over it. A named profile missing from the file, or a file that does not
 * parse, stops the process naming TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE.
 */
function temporalProfile(env: Record<string, string>, e: Environment): ClientConfigProfile {
  // envconfig reads TEMPORAL_TLS as true/false/1/0 only; pass the value as we validated it.
  const envForTemporal = { ...env, ...(e.TEMPORAL_TLS !== undefined ? { TEMPORAL_TLS: String(e.TEMPORAL_TLS) } : {}) };
  try {
    return loadClientConfigProfile({ overrideEnvVars: envForTemporal });
  } catch (error) {
    throw new ConfigError([{ variable: e.TEMPORAL_PROFILE ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE', message: (error as Error).message }]);
  }
}

function temporalTls(tls: ClientConfigTLS | undefined): TemporalTls | undefined {
  if (!tls || tls.disabled === true) return undefined;
  const cert = sourceOf(tls.clientCert);
  const key = sourceOf(tls.clientKey);
  const ca = sourceOf(tls.serverCACert);
  if (Boolean(cert.path || cert.data) !== Boolean(key.path || key.data)) {
    // Only the profile file can get here (the variables are checked by the schema).
    throw new ConfigError([
      { variable: 'TEMPORAL_PROFILE', message: 'the profile gives a TLS client certificate without its key, or a key without its certificate' },
    ]);
  }
  const defined = Object.entries({
    certPath: cert.path,
    certData: cert.data,
    keyPath: key.path,
    keyData: key.data,
    caPath: ca.path,
    caData: ca.data,
    serverName: tls.serverName,
  }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(defined) as TemporalTls;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `FOO= npm start` should mean the default, not an error.
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
  const { env: cleaned, deprecated, conflicts } = renameDeprecated(given);
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success || conflicts.length) {
    throw new ConfigError([
      ...conflicts,
      ...(parsed.error?.issues ?? []).map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message:
          issue.path.length && cleaned[String(issue.path[0])] !== undefined && !SECRET_VARIABLES.has(String(issue.path[0]))
            ? `${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])])})`
            : issue.message,
      })),
    ]);
  }
  const e = parsed.data;
  const profile = temporalProfile(cleaned, e);
  const logFormat = defaultLogFormat({ LOG_FORMAT: e.LOG_FORMAT });
  warnDeprecatedNames(deprecated, e.LOG_LEVEL, logFormat);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    logFormat,
    tracing: {
      otlpTracesEndpoint:
        e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined),
    },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, trustProxy: trustProxy(e.HTTP_TRUST_PROXY), launchRecordWaitMs: e.LAUNCH_RECORD_WAIT_SECONDS * 1000 },
    rateLimit: { windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS, perToken: e.RATE_LIMIT_PER_TOKEN, perAddress: e.RATE_LIMIT_PER_ADDRESS },
    temporal: {
      address: profile.address ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`,
      embedded: profile.address === undefined,
      namespace: profile.namespace ?? 'default',
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      roundTaskQueue: e.TEMPORAL_ROUND_TASK_QUEUE,
      tls: temporalTls(profile.tls),
      apiKey: profile.apiKey,
      devServer: { port: e.TEMPORAL_DEV_PORT, uiPort: e.TEMPORAL_UI_PORT, cliPath: e.TEMPORAL_CLI },
    },
    database: {
      url: e.DATABASE_URL ?? embeddedDatabaseUrl(e.EMBEDDED_POSTGRES_PORT),
      migrationUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL ?? embeddedDatabaseUrl(e.EMBEDDED_POSTGRES_PORT),
      applicationRole: applicationRoleOf(e.DATABASE_URL, e.MIGRATION_DATABASE_URL),
      embedded: e.DATABASE_URL === undefined,
      embeddedPort: e.EMBEDDED_POSTGRES_PORT,
    },
    auth: { adminToken: e.ADMIN_TOKEN, metricsToken: e.METRICS_TOKEN, tokenCacheSeconds: e.AUTH_TOKEN_CACHE_SECONDS },
    accounts: accountsConfig(e),
    payloadCodec: {
      keys: e.TEMPORAL_PAYLOAD_KEYS !== undefined ? parsePayloadKeys(e.TEMPORAL_PAYLOAD_KEYS) : undefined,
      keysFile: e.TEMPORAL_PAYLOAD_KEYS_FILE,
      acceptPlaintext: e.TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT,
      // The local dev server's Web UI by default; an external UI's origin must be configured.
      corsOrigins:
        e.TEMPORAL_CODEC_CORS_ORIGINS ??
        (profile.address === undefined ? [`http://127.0.0.1:${e.TEMPORAL_UI_PORT}`, `http://localhost:${e.TEMPORAL_UI_PORT}`] : []),
    },
    notifications: {
      smtp: e.SMTP_HOST
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE,
            requireTls: e.SMTP_REQUIRE_TLS,
            auth: e.SMTP_USER && e.SMTP_PASSWORD ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } : undefined,
            from: e.SMTP_FROM,
            timeoutMs: e.SMTP_TIMEOUT_MS,
          }
        : undefined,
      webhooks: {
        timeoutMs: e.WEBHOOK_TIMEOUT_MS,
        allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK,
        allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        retry: {
          initialInterval: e.WEBHOOK_RETRY_INITIAL_INTERVAL,
          maximumInterval: e.WEBHOOK_RETRY_MAX_INTERVAL,
          maximumAttempts: e.WEBHOOK_RETRY_MAX_ATTEMPTS,
        },
        secretGracePeriod: e.WEBHOOK_SECRET_GRACE_PERIOD,
      },
    },
    certification: {
      issuerKeyPem: e.CERTIFICATE_ISSUER_KEY,
      issuerKeyFile: e.CERTIFICATE_ISSUER_KEY_FILE,
      issuerName: e.CERTIFICATE_ISSUER_NAME,
      baseUrl: (e.CERTIFICATE_BASE_URL ?? `http://${e.HTTP_HOST}:${e.HTTP_PORT}`).replace(/\/+$/, ''),
    },
    agreements: { maxAmendments: e.AGREEMENT_MAX_AMENDMENTS },
    documents: { maxUploadBytes: e.DOCUMENT_MAX_UPLOAD_BYTES },
    audit: { trustedPublicKeys: e.AUDIT_TRUSTED_PUBLIC_KEYS },
    placement: {
      rules: { ...defaultRulesPolicy, maximumDuration: e.PLACEMENT_MAX_DURATION, statutoryHolidays: e.PLACEMENT_STATUTORY_HOLIDAYS },
      policy: {
        ...placementPolicyDefaults,
        offerDeadline: e.PLACEMENT_OFFER_DEADLINE,
        agreementDeadline: e.PLACEMENT_AGREEMENT_DEADLINE,
        checkInPeriod: e.PLACEMENT_CHECK_IN_PERIOD,
        checkInGrace: e.PLACEMENT_CHECK_IN_GRACE,
        missedCheckInsToEscalate: e.PLACEMENT_MISSED_CHECK_INS_TO_ESCALATE,
        credits: e.PLACEMENT_CREDITS,
      },
    },
    dataDir: path.resolve(e.DATA_DIR),
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    worker: {
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      workflowHeapMb: e.WORKER_WORKFLOW_HEAP_MB,
      workflowStackTraces: e.WORKER_WORKFLOW_STACK_TRACES,
      workflowTaskPollers: e.WORKER_WORKFLOW_TASK_POLLERS,
      activityTaskPollers: e.WORKER_ACTIVITY_TASK_POLLERS,
      databasePoolSize: e.WORKER_DATABASE_POOL_SIZE,
      roundDatabasePoolSize: e.WORKER_ROUND_DATABASE_POOL_SIZE,
      runsRounds: e.WORKER_RUNS_ROUNDS,
      reconcileIntervalMs: isoDurationMs(e.WORKFLOW_END_RECONCILE_INTERVAL, new Date(0)),
      healthAddress: e.WORKER_HEALTH_ADDRESS ? parseListenAddress(e.WORKER_HEALTH_ADDRESS) : undefined,
      sdkMetricsAddress: e.WORKER_SDK_METRICS_ADDRESS,
    },
  };
}

/**
 * The task queue of matching rounds: their own, so a round's tasks never wait behind the other
 * processes' (worker/worker.ts runs its worker). Derived from the main queue unless set, so a test's
 * own main queue has its own round queue too.
 */
export function matchingRoundTaskQueue(temporal: Pick<Config['temporal'], 'taskQueue' | 'roundTaskQueue'>): string {
  return temporal.roundTaskQueue ?? `${temporal.taskQueue}-rounds`;
}
