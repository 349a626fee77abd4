import { createServer } from 'node:net';

/** A free TCP port: the issuer URL must be known before the app listens (it is in the provider's config). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Hop {
  method: string;
  url: string;
  status: number;
  location: string | null;
}

/**
 * A minimal cookie-keeping HTTP client over real sockets (fetch with manual redirects), so the tests drive
 * the same protocol a browser does: every hop of the OIDC redirect dance is visible in `hops`.
 */
export class HttpClient {
  readonly jar = new Map<string, string>();
  hops: Hop[] = [];
  constructor(readonly base: string) {}

  private store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, url: string, body?: Record<string, string>): Promise<{ res: Response; text: string; url: string }> {
    const abs = new URL(url, this.base).href;
    const res = await fetch(abs, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: body ? new URLSearchParams(body).toString() : undefined,
    });
    this.store(res);
    this.hops.push({ method, url: abs, status: res.status, location: res.headers.get('location') });
    return { res, text: await res.text(), url: abs };
  }

  /** Request, then follow redirects (GET) until a non-redirect answer. */
  async go(method: string, url: string, body?: Record<string, string>, max = 15): Promise<{ res: Response; text: string; url: string }> {
    let r = await this.request(method, url, body);
    for (let i = 0; i < max && r.res.status >= 300 && r.res.status < 400; i++) {
      r = await this.request('GET', new URL(r.res.headers.get('location')!, r.url).href);
    }
    return r;
  }
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
export const formAction = (html: string) => /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
