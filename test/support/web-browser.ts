/** What a page answered: its status, HTML, redirect and its first form's CSRF token ('' if none). */
export interface Page {
  status: number;
  html: string;
  location: string | null;
  csrf: string;
}

/** A form as a browser sends it: names with one or more values, in order if need be. */
export type Form = Record<string, string | string[]> | [string, string][];

/**
 * A browser's cookie jar for one site (enough for the session cookie), and its forms: the one
 * web client of the web e2e tests.
 */
export class WebBrowser {
  private cookie = '';

  /** `headers` go with every request (e.g. X-Forwarded-Proto: https behind a proxy). */
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** A browser signed in on the development sign-in page (see `signIn`). */
  static async signedIn(
    url: string,
    kind: string | Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<WebBrowser> {
    const browser = new WebBrowser(url);
    await browser.signIn(kind, extra);
    return browser;
  }

  /** A client that sends a bearer token with every request (pages read it as the session). */
  static withToken(url: string, token: string): WebBrowser {
    return new WebBrowser(url, { authorization: `Bearer ${token}` });
  }

  /** The CSRF token of the first form on the page. */
  static formToken(html: string): string {
    const token = csrfOf(html);
    if (!token) throw new Error('The page has no form token');
    return token;
  }

  get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' });
  }

  /** POSTs a url-encoded form (a field given several values is sent once for each). */
  post(path: string, form: Form, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    const entries = Array.isArray(form) ? form : Object.entries(form);
    for (const [name, value] of entries) {
      for (const one of [value].flat()) body.append(name, one);
    }
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  /** A multipart form with one file, as a file upload field sends it. */
  upload(
    path: string,
    fields: Record<string, string>,
    file: { field: string; name: string; content: string },
  ): Promise<Response> {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append(file.field, new Blob([file.content], { type: 'text/csv' }), file.name);
    return this.send(path, { method: 'POST', body });
  }

  /** GETs a page: its status, HTML, redirect and first form's CSRF token. */
  async page(path: string): Promise<Page> {
    return read(await this.get(path));
  }

  /**
   * Opens the page at `from` and posts its form (to `to`, by default the page itself) with the
   * page's own CSRF token, as a reader pressing its button would.
   */
  async submit(from: string, form: Form, to = from): Promise<Page> {
    const page = await this.get(from);
    const token = csrfOf(await page.text());
    if (!token) throw new Error(`${from} has no form token (${page.status})`);
    const entries: [string, string | string[]][] = Array.isArray(form)
      ? form
      : Object.entries(form);
    const withToken: [string, string | string[]][] = [['_csrf', token], ...entries];
    return read(await this.post(to, withToken.flatMap(pairs)));
  }

  /**
   * Signs in on the development sign-in page as a demo user of this kind (or with the sign-in
   * form's own fields).
   */
  async signIn(
    kind: string | Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<void> {
    const form = typeof kind === 'string' ? { kind, ...extra } : kind;
    const signedIn = await this.submit('/sign-in', form);
    if (signedIn.status !== 303) {
      throw new Error(`Sign-in as ${form.kind} answered ${signedIn.status}`);
    }
  }

  /** Forgets the session cookie (as when it expires). */
  forgetSession(): void {
    this.cookie = '';
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const response = await fetch(`${this.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(init.headers as Record<string, string>),
        cookie: this.cookie,
      },
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return response;
  }
}

/** The text of a page without its tags, whitespace collapsed: what a reader sees. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

function pairs([name, value]: [string, string | string[]]): [string, string][] {
  return [value].flat().map((one): [string, string] => [name, one]);
}

async function read(response: Response): Promise<Page> {
  const html = await response.text();
  return {
    status: response.status,
    html,
    location: response.headers.get('location'),
    csrf: csrfOf(html),
  };
}
