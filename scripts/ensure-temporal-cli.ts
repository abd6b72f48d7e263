// `npm run temporal:ensure` (and `pretest`): make sure a working Temporal CLI exists before anything needs
// the dev server, building it with Go once if that is the only way, and print where it is.
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { locateTemporalCli } from '../devtools/temporal-cli';

async function main(): Promise<void> {
  const config = loadConfig();
  const cliPath = await locateTemporalCli({
    configuredPath: config.temporal.devServer.cliPath,
    projectRoot: path.resolve(__dirname, '..'),
    log: createLogger('temporal-cli', config.logLevel),
  });
  process.stdout.write(`Temporal CLI: ${cliPath}\n`);
}

main().catch((error: unknown) => {
  // The messages are written to be read as they are (what is missing, how to get it); a JSON log line
  // with a stack trace would hide that.
  process.stderr.write(`temporal:ensure: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
