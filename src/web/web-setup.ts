import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import session from 'express-session';
import nunjucks from 'nunjucks';
import { DataSource } from 'typeorm';
import { Role } from '../auth/role';
import { AuthenticatedRequest } from '../auth/request-context';
import { TokenVerifier } from '../auth/token-verifier';
import { AppConfig } from '../config/app-config';
import { registerFilters } from './view-filters';
import { PageUser } from './web-session';

/** Paths served by the API rather than the pages: no session, no page policy. */
const API_PREFIXES = ['/graphql', '/oruk', '/reports', '/health', '/info', '/metrics'];

export function isPagePath(path: string): boolean {
  return !API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Runs `handler` for page requests only; API requests pass straight through. */
function forPages(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (isPagePath(req.path) ? handler(req, res, next) : next());
}

/**
 * express-session saves a changed session while the response ends, after its status and headers
 * have gone out: a browser that follows a redirect at once could read the session before the
 * save. A redirect waits for the session to be saved, so the next page sees what this one kept.
 */
function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = (...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  };
  next();
}

const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

export const GOVUK_FRONTEND_DIR = join(packageDir('govuk-frontend'), 'dist');
export const MOJ_FRONTEND_DIR = packageDir('@ministryofjustice/frontend');
export const VIEWS_DIR = join(__dirname, 'views');
const PUBLIC_DIR = join(__dirname, 'public');

/**
 * The GOV.UK template's one inline script (it marks the body as JavaScript-enabled), allowed by
 * its hash so the page policy needs no 'unsafe-inline' and no per-request nonce.
 */
function templateScriptHash(): string {
  const template = readFileSync(join(GOVUK_FRONTEND_DIR, 'govuk', 'template.njk'), 'utf8');
  const script = /<script[^>]*>([^<]*)<\/script>/.exec(template)?.[1] ?? '';
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

/**
 * The pages' content security policy: our own scripts, styles, fonts and images only. Forms post
 * to this site; a form sent after its session ended is redirected on to the identity provider
 * (OpenID Connect), whose origin `formTargets` adds (form-action covers redirects too).
 */
export function pagePolicy(formTargets: string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${templateScriptHash()}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Everything the web pages need at the HTTP layer, before `listen`: Nunjucks with the GOV.UK and
 * MoJ Frontend templates, their assets under /assets, the page policy, and sessions kept in the
 * service's own PostgreSQL database (cookie httpOnly, SameSite=Lax, Secure in production,
 * expiring after WEB_SESSION_MINUTES without a request).
 */
export function serveWebPages(app: NestExpressApplication, config: AppConfig): void {
  const expressApp = app.getHttpAdapter().getInstance();
  const environment = nunjucks.configure([VIEWS_DIR, GOVUK_FRONTEND_DIR, join(MOJ_FRONTEND_DIR)], {
    autoescape: true,
    express: expressApp,
    noCache: config.isDevelopment,
  });
  registerFilters(environment);
  environment.addGlobal('serviceName', 'Intervention marketplace');
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');

  const immutable = { maxAge: config.isDevelopment ? 0 : '1d', index: false };
  app.useStaticAssets(join(GOVUK_FRONTEND_DIR, 'govuk', 'assets'), {
    prefix: '/assets/',
    ...immutable,
  });
  app.useStaticAssets(join(GOVUK_FRONTEND_DIR, 'govuk'), {
    prefix: '/assets/govuk/',
    ...immutable,
  });
  app.useStaticAssets(join(MOJ_FRONTEND_DIR, 'moj'), { prefix: '/assets/moj/', ...immutable });
  // MoJ's stylesheet asks for its icons (the filter's tag and close crosses) at /assets/images/,
  // beside GOV.UK's own (no file shares a name).
  app.useStaticAssets(join(MOJ_FRONTEND_DIR, 'moj', 'assets'), {
    prefix: '/assets/',
    ...immutable,
  });
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/assets/app/', ...immutable });

  const policy = pagePolicy(config.oidc ? [new URL(config.oidc.issuer).origin] : []);
  app.use(
    forPages((_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Content-Security-Policy', policy);
      // A form sent after its session ended leads back to its page (the Referer), and no
      // address of ours reaches another site.
      res.setHeader('Referrer-Policy', 'same-origin');
      next();
    }),
  );

  const PgStore = connectPgSimple(session);
  const dataSource = app.get(DataSource);
  const store = new PgStore({
    // The store's queries run on the service's own pool (the embedded database takes one
    // connection at a time, so a second pool would queue behind it).
    pool: {
      query: async (text: string, params: unknown[]) => ({
        rows: await dataSource.query<unknown[]>(text, params),
      }),
    } as never,
    tableName: 'web_session',
    createTableIfMissing: false,
    pruneSessionInterval: config.nodeEnv === 'test' ? false : 15 * 60,
  });
  // The store prunes on a timer of its own: stop it when the service closes, before the
  // database does, so that no prune runs on a closed connection.
  app.getHttpServer().once('close', () => void store.close());
  app.use(
    forPages(
      session({
        name: 'marketplace.sid',
        secret: config.web.sessionSecret,
        store,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        proxy: config.isProduction ? true : undefined,
        cookie: {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.isProduction,
          maxAge: config.web.sessionMinutes * 60_000,
        },
      }),
    ),
  );
  app.use(forPages(saveSessionBeforeRedirect));
  // Forms post URL-encoded fields; read as they stream, at most 100 KB.
  app.use(forPages(express.urlencoded({ extended: false, limit: '100kb' })));

  // The signed-in user's token, from their session, for the guards and the API's operations.
  const verifier = app.get(TokenVerifier);
  app.use(
    forPages((req: Request, res: Response, next: NextFunction) => {
      const token = req.session?.token;
      if (token) {
        const request = req as AuthenticatedRequest;
        request.authentication = verifier.verify(token);
        request.authentication.catch(() => undefined);
      }
      res.locals.user = req.session?.user;
      res.locals.navigation = navigationFor(req.session?.user, req.path);
      next();
    }),
  );
}

/** The service navigation a signed-in user sees, the current section marked. */
export function navigationFor(
  user: PageUser | undefined,
  path: string,
): { href: string; text: string; active: boolean }[] {
  if (!user) return [];
  const items = [{ href: '/', text: 'Home' }];
  if (user.roles.length > 0) items.push({ href: '/find', text: 'Find an intervention' });
  if (user.roles.includes(Role.PURCHASER)) items.push({ href: '/referrals', text: 'My referrals' });
  if (user.roles.includes(Role.SUPPLIER)) items.push({ href: '/listings', text: 'My listings' });
  // Suppliers: the referrals bought on their organisation's listings, to deliver.
  if (user.roles.includes(Role.SUPPLIER))
    items.push({ href: '/incoming-referrals', text: 'Incoming referrals' });
  // Joining: applicants apply; suppliers keep their webhooks and declarations; commissioners decide.
  if (user.roles.length === 0) items.push({ href: '/join', text: 'Apply to join' });
  // Suppliers of a prime: its supply chain (issue 19).
  if (user.roles.includes(Role.SUPPLIER))
    items.push({ href: '/supply-chain', text: 'Supply chain' });
  if (user.roles.includes(Role.SUPPLIER)) {
    items.push({ href: '/webhooks', text: 'Webhooks' });
    items.push({ href: '/organisation/declarations', text: 'Declarations' });
  }
  if (user.roles.includes(Role.COMMISSIONER) || user.roles.includes(Role.ADMIN)) {
    items.push({ href: '/applications', text: 'Applications to join' });
  }
  // Commissioners' pages (issue 17).
  if (user.roles.some((role) => role === Role.COMMISSIONER || role === Role.ADMIN)) {
    items.push({ href: '/commissioning', text: 'Commissioning' });
  }
  // Everyone: which emails they get (issue 20).
  items.push({ href: '/account/emails', text: 'Emails' });
  return items.map((item) => ({
    ...item,
    active:
      item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
  }));
}

/** A fresh random token (CSRF tokens, idempotency keys carried by forms). */
export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}
