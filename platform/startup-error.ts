// How a process dies at start-up: configuration problems as plain readable text, anything else logged.
import { ConfigError } from './config';
import { createLogger } from './logger';

export function exitOnStartupError(service: string) {
  return (error: unknown): never => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
    } else {
      createLogger(service).fatal({ err: error }, `${service} failed`);
    }
    process.exit(1);
  };
}
