// What the API needs from the outside world; main.ts builds it, tests build it against test services.
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Config } from '../platform/config';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';

export interface ApiDependencies {
  temporal: Client;
  db: Database;
  config: Pick<
    Config,
    | 'temporal'
    | 'auth'
    | 'notifications'
    | 'placement'
    | 'certification'
    | 'audit'
    | 'dataDir'
    | 'agreements'
    | 'http'
    | 'rateLimit'
    | 'database'
    | 'accounts'
    | 'documents'
  > &
    Partial<Pick<Config, 'payloadCodec'>>;
  log: Logger;
  /** The payload codec the Temporal client uses, served to operators at /v1/codec (api/routes/codec.ts). */
  payloadCodec: PayloadCodec;
}
