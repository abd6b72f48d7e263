// The failure converter of every process and of the workflow bundle (loaded by path: the SDK bundles
// it into the workflow sandbox, so this file imports nothing but @temporalio/common). With
// encodeCommonAttributes, a failure's message and stack trace travel as a payload, so the payload
// codec encrypts them too: an error message quoting a name or a document does not sit in history in
// clear. A failure's type (the refusal name the API maps to a status) and its details stay outside.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
