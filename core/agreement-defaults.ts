// The agreement-signing defaults that the configuration (AGREEMENT_MAX_AMENDMENTS) and the workflow
// share; here so that platform/config.ts needs no import from a process.

/** The amendment limit of an agreement whose input names none (see AgreementSigningInput.maxAmendments). */
export const DEFAULT_MAX_AMENDMENTS = 50;
