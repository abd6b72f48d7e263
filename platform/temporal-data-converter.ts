// The one DataConverter of every Temporal client and worker of this system (API, worker, activities'
// client, tests, benchmarks, scripts): payloads through the encryption codec, failures with their
// messages encoded (workflows/shared/failure-converter.ts). A process without it could neither read this
// system's histories nor write anything its workers would accept.
import type { DataConverter } from '@temporalio/common';
import type { Config } from './config';
import type { Logger } from './logger';
import { PayloadEncryptionCodec } from './payload-codec';
import { loadPayloadKeyring } from './payload-keys';

/** The failure converter module, by path: the workflow bundle and the worker load it from there. */
export const failureConverterPath = require.resolve('../workflows/shared/failure-converter');

export function createPayloadCodec(config: Pick<Config, 'payloadCodec' | 'dataDir'>, log: Logger): PayloadEncryptionCodec {
  if (config.payloadCodec.acceptPlaintext) {
    log.warn(
      'TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT is on: unencrypted Temporal payloads are accepted (migration of histories written before encryption). ' +
        'Anyone who reaches the Temporal frontend can then send plaintext Updates; turn it off once those workflows have ended.',
    );
  }
  return new PayloadEncryptionCodec(loadPayloadKeyring(config, log), { acceptPlaintext: config.payloadCodec.acceptPlaintext });
}

export function createDataConverter(codec: PayloadEncryptionCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath };
}
