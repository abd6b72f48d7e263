// The problems of signing in, in the API's one error vocabulary (api/errors.ts).
import { ProblemError } from '../errors';

/** Wrong e-mail, wrong password, unknown account, deactivated account: one answer for all. */
export class InvalidCredentialsProblem extends ProblemError {
  constructor() {
    super(401, 'invalid-credentials', 'Sign-in failed', 'The e-mail address or the password is wrong.');
  }
}

export class SignInLockedProblem extends ProblemError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'sign-in-locked', 'Too many failed sign-ins', 'Too many failed sign-ins from this address for this account; try again later.', {
      retryAfterSeconds,
    });
  }
}

/** An invitation or reset link that is unknown, used, revoked, replaced or expired: one answer for all. */
export class InvalidLinkProblem extends ProblemError {
  constructor() {
    super(422, 'invalid-link', 'Link not valid', 'This link is not valid: it may have expired, been used already or been replaced by a newer one.');
  }
}

export class SsoProblem extends ProblemError {
  constructor(slug: string, title: string, detail: string, status = 403) {
    super(status, slug, title, detail);
  }
}
