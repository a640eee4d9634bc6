/**
 * A browser without JavaScript for the console's integration tests: a cookie jar, forms posted as
 * application/x-www-form-urlencoded with the session's CSRF token, no redirects followed but one:
 * a form the console answers on its GET page (POST-redirect-GET of a refusal or a preview, with its
 * flash cookie) is followed there, as a browser would, and `postedTo` says it was.
 */
import { expect } from "vitest";

export interface PageResponse {
  status: number;
  location: string | null;
  text: string;
  /** Set when a POST was answered on its form's GET page: the address the browser ends at. */
  postedTo?: string;
}

export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error(`no _csrf in page:\n${page.slice(0, 500)}`);
  return m[1] as string;
}

export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  /** The signed-in session's CSRF token (the same on every page of the session). */
  csrf = "";
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, form?: Record<string, string> | FormData): Promise<PageResponse> {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    };
    const multipart = form instanceof FormData; // fetch sets its content type with the boundary
    if (form && !multipart) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: multipart ? form : form ? new URLSearchParams(form).toString() : undefined,
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      if (attrs.some((a) => a.trim() === "Max-Age=0")) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  }

  get(path: string): Promise<PageResponse> {
    return this.request("GET", path);
  }

  /** Posts a form with this session's CSRF token. */
  post(path: string, fields: Record<string, string>): Promise<PageResponse> {
    return this.request("POST", path, { _csrf: this.csrf, ...fields }).then((res) => this.kept(res));
  }

  /** A refused form's 303 to its page with the kept answer is followed, as a browser would. */
  private async kept(res: PageResponse): Promise<PageResponse> {
    if (res.status !== 303 || !this.cookies.has("zfgs_flash") || !res.location) return res;
    return { ...(await this.get(res.location)), postedTo: res.location };
  }

  /** Posts a multipart form with one file, as a form with enctype="multipart/form-data" does. */
  upload(
    path: string,
    name: string,
    file: { bytes: Buffer; filename: string; type: string },
    fields: Record<string, string> = {},
  ): Promise<PageResponse> {
    const form = new FormData();
    form.append("_csrf", this.csrf);
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append(name, new Blob([file.bytes], { type: file.type }), file.filename);
    return this.request("POST", path, form).then((res) => this.kept(res));
  }

  async login(username: string, password: string): Promise<void> {
    const page = await this.get("/console/login");
    const res = await this.request("POST", "/console/login", {
      _csrf: csrfOf(page.text),
      username,
      password,
      next: "/console",
    });
    expect(res.status, res.text).toBe(303);
    expect(this.cookies.has("zfgs_console")).toBe(true);
    this.csrf = csrfOf((await this.get("/console")).text);
  }
}
