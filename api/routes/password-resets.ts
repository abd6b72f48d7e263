// Password reset by e-mail link (api/accounts/password-reset.ts). Public: the e-mail's link is the proof.
import { completeResetRequest, resetRequest } from '../accounts/schemas';
import { completePasswordReset, sendPasswordReset } from '../accounts/password-reset';
import { clientAddress } from '../accounts/sessions';
import { defineRoute } from '../routing';
import { z } from 'zod';

export const passwordResetRoutes = [
  defineRoute({
    method: 'post',
    path: '/password-resets',
    summary: 'Ask for a password reset link by e-mail (the same answer whether the address has an account or not)',
    tags: ['accounts'],
    access: { public: true },
    body: resetRequest,
    bodyExample: { email: 'zhang.min@example.org' },
    replay: false,
    responses: { 202: { description: 'If the address has an account, a link is on its way', schema: z.object({ accepted: z.literal(true) }) } },
    handler: async ({ body, req, deps }) => {
      const address = clientAddress(req);
      const log = req.log;
      // After the answer: neither the answer nor its timing may say whether the address has an account.
      setImmediate(() => {
        sendPasswordReset({ db: deps.db, accounts: deps.config.accounts, notifications: deps.config.notifications, log }, body.email, address).catch(
          (error: unknown) => log.error({ err: error }, 'password reset e-mail failed'),
        );
      });
      return { status: 202, body: { accepted: true } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/password-resets/complete',
    summary: 'Set a new password with the token of a reset link; every session of the person ends',
    tags: ['accounts'],
    access: { public: true },
    body: completeResetRequest,
    bodyExample: { token: 'afr_X-5yO0yNCqvabMZhHzdS3iAIk080eVzwgDpY1yg1Mrg', password: 'A new passphrase of mine 2027' },
    replay: false,
    responses: { 204: { description: 'The password is set; sign in with it' } },
    handler: async ({ body, req, deps }) => {
      await completePasswordReset({ db: deps.db, accounts: deps.config.accounts }, body.token, body.password, clientAddress(req));
      return { status: 204 };
    },
  }),
];
