// The Temporal payload key of the test runs, committed on purpose: histories recorded by
// `npm run histories:record` are sealed with it, so test/replay can still decrypt them in later runs.
// It protects nothing (it is public); production configures its own keys (TEMPORAL_PAYLOAD_KEYS).
export const TEST_PAYLOAD_KEYS = 'test-recordings:+nM4yAqKsaR5DLgbc4oWw9hyKDaQuO5wFuXuw+SK2Hk=';
