import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The security headers of every answer (@fastify/helmet): a Content Security Policy that fits
 * the web app as Vite builds it and the Swagger UI at /docs, no framing, nosniff, no referrer.
 */
export const securityHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      // Scripts only from our own files, never inline; 'unsafe-eval' because ajv compiles each
      // form's validator to a function in the browser (new Function), from the pack's schema.
      scriptSrc: ["'self'", "'unsafe-eval'"],
      scriptSrcAttr: ["'none'"],
      // antd's CSS-in-JS writes <style> elements at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      // QR codes of stations are data: images; files chosen for upload are previewed as blob:.
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      // No upgrade-insecure-requests: on a county LAN the product is often served over plain http.
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};
