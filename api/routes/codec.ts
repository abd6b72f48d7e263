// The remote codec endpoint, so operators can read this system's encrypted Temporal payloads in the
// Temporal Web UI ("Data Encoder" setting, or `temporal server start-dev --ui-codec-endpoint`) and the CLI
// (`temporal workflow show --codec-endpoint … --codec-auth 'Bearer …'`). It follows Temporal's remote codec
// protocol: POST <endpoint>/decode with {payloads: [{metadata: {k: base64}, data: base64}]} answers the
// same shape, decoded. Admins only (a user token with the admin role, or ADMIN_TOKEN, or an admin's
// session cookie sent by the Web UI with "include cross-origin credentials"): a decoded history holds
// personal data.
//
// The cookie comes without the CSRF token (the UI cannot add one), so for this route the Origin header
// replaces it (`sessionOrigins`): only pages of TEMPORAL_CODEC_CORS_ORIGINS may use the cookie. Decoding
// changes nothing, and CORS hands the answer only to those origins; the Origin check also keeps a
// cross-site form post (which can send the cookie but not read the answer) from even running the decode.
//
// Deliberately no /encode: an endpoint that seals payloads for whoever holds its credential would let
// that person send the workflows Updates and Signals past the API's rules, straight to the Temporal
// frontend, which is the very door the codec closes. Workflows are driven through the API only.
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { defineRoute } from '../routing';

const base64 = z
  .string()
  .max(1_500_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const jsonPayload = z
  .object({
    metadata: z.record(z.string().min(1).max(200), base64).optional(),
    data: base64.optional(),
  })
  .strict()
  .meta({ id: 'CodecPayload' });

// No payloads is `{}`: protobuf's JSON leaves an empty list out (an Update with no arguments, such as
// the launch's launchRecorded, has an empty Payloads in the history that the CLI and the Web UI send).
const payloadsBody = z
  .object({ payloads: z.array(jsonPayload).max(10_000).default([]) })
  .strict()
  .meta({ id: 'CodecPayloads' });

type JsonPayload = z.infer<typeof jsonPayload>;

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(data ?? '', 'base64'),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
    data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
  };
}

export const codecRoutes = [
  defineRoute({
    method: 'post',
    path: '/codec/decode',
    summary: 'Decode Temporal payloads (remote codec protocol), for the Temporal Web UI and CLI',
    tags: ['operations'],
    access: { roles: [], note: 'Payloads this system did not seal come back in the refused encoding (binary/refused-by-codec), with the reason as data.' },
    body: payloadsBody,
    bodyExample: {
      payloads: [
        {
          metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'dGVzdC1yZWNvcmRpbmdz' },
          data: 'sInC55d10XwtVyVxuzyoXhZnwUuo+iQ0KmY/SmU+RwwoEEL33SdzB5y7QrCHRerfIlGN7tA29mx8KIW7acRP52MNFIDN',
        },
      ],
    },
    sessionOrigins: (config) => config.payloadCodec?.corsOrigins ?? [],
    responses: { 200: { description: 'The payloads, decoded, in the same order', schema: payloadsBody } },
    handler: async ({ body, deps }) => {
      const decoded = await deps.payloadCodec.decode(body.payloads.map(fromJson));
      // Decoded personal data must not be stored: a replay under the same Idempotency-Key answers no
      // payloads (decoding has no effect to protect; simply ask again without the key).
      return { status: 200, body: { payloads: decoded.map(toJson) }, replayBody: { payloads: [] } };
    },
  }),
];
