// The one structured logger. Each process makes its root logger here and hands children to its parts.
//
// Two formats of the same lines: JSON (one object a line, for log collectors and pipes) and pretty
// (pino-pretty: time, level, service and message on one line, for a person at a terminal). The format
// follows where the lines go unless LOG_FORMAT says otherwise (platform/config.ts).
import pino, { type Logger } from 'pino';
import { prettyFactory, default as pinoPretty, type PrettyOptions } from 'pino-pretty';

export type { Logger };

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set; otherwise pretty when stdout is a terminal, JSON for anything else. */
export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): LogFormat {
  if (env.LOG_FORMAT === 'pretty' || env.LOG_FORMAT === 'json') return env.LOG_FORMAT;
  return stream.isTTY ? 'pretty' : 'json';
}

/**
 * How a pretty line reads: "12:04:05.120 INFO  api: api listening url=http://127.0.0.1:3000". Fields
 * stay on the same line (singleLine) so one event is one line; pid and host say nothing at a terminal.
 */
export function prettyOptions(colorize: boolean): PrettyOptions {
  return {
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    // An access line reads "api: GET /v1/agreements 405 24 ms" (its req / res objects say nothing more).
    ignore: 'pid,hostname,service,req,res,responseTime',
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      const access = req && res ? ` ${req.method} ${req.url} ${res.statusCode} ${String(log.responseTime)} ms` : '';
      return `${String(log.service)}: ${String(log[messageKey])}${access}`;
    },
    singleLine: true,
    // Errors keep their stack on the lines below: a stack is what a person reads an error for.
    errorLikeObjectKeys: ['err', 'error'],
  };
}

/** Turns one JSON log line into its pretty line (the start script shows its children's lines this way). */
export function createLinePrettifier(colorize: boolean): (jsonLine: string) => string {
  const prettify = prettyFactory(prettyOptions(colorize));
  return (line) => prettify(line).replace(/\n$/, '');
}

export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  format: LogFormat = defaultLogFormat(),
  /** Where JSON lines go instead of stdout (the start script routes its own lines through its output). */
  destination?: { write(line: string): void },
): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (format === 'json') return destination ? pino(options, destination) : pino(options);
  // In-process and synchronous (no worker thread): a crash's last lines are not lost, and the lines of
  // the process and of the SDK's native logger keep their order.
  return pino(options, pinoPretty({ ...prettyOptions(Boolean(process.stdout.isTTY)), sync: true, destination: 1 }));
}
