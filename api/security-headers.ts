// Security headers on every answer, by helmet. Its defaults (a same-origin Content-Security-Policy,
// nosniff, frame-ancestors 'self', no referrer, same-origin resource and opener policies) suit both
// the JSON API and the two HTML pages served: the Swagger UI at /docs (its scripts and stylesheet are
// files under /docs, its styles partly inline, which the default style-src allows) and the printable
// certificate. Two changes:
// - no `upgrade-insecure-requests`: over plain http (npm start on 127.0.0.1) it would make a browser
//   fetch the /docs assets over https, which is not served;
// - Strict-Transport-Security only on requests that came over https (directly, or through a proxy
//   trusted by HTTP_TRUST_PROXY that says so): HSTS sent over http is meaningless and, behind a proxy
//   answering on another name, harmful.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return (req, res, next) => {
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.secure) return hsts(req, res, next);
      next();
    });
  };
}
