import type { Request } from 'express';
import { csrfSync } from 'csrf-sync';
import { Role } from '../auth/role';

/** Who is signed in to the pages, as the sign-in stored them beside their token. */
export interface PageUser {
  sub: string;
  name: string;
  roles: Role[];
  organisationId?: string;
  organisationName?: string;
  divisionCode?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** The bearer token every in-process GraphQL operation runs with. */
    token?: string;
    user?: PageUser;
  }
}

/**
 * Synchroniser tokens: each session holds one, every form carries it as `_csrf`, and a POST
 * without the session's token is refused.
 */
export const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => (req.body as { _csrf?: string } | undefined)?._csrf,
});

/** Starts a new session for a newly signed-in user (a new id: no session fixation). */
export function signIn(req: Request, token: string, user: PageUser): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) return reject(error as Error);
      req.session.token = token;
      req.session.user = user;
      req.session.save((saveError) => (saveError ? reject(saveError as Error) : resolve()));
    });
  });
}

export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!req.session) return resolve();
    req.session.destroy((error) => (error ? reject(error as Error) : resolve()));
  });
}

/** The token the signed-in user's forms carry (none for a bearer-token caller: no session). */
export function formToken(req: Request): string | undefined {
  return req.session?.user ? csrf.generateToken(req) : undefined;
}
