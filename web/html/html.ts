/**
 * A tiny tagged-template HTML engine for the public portal (门户). `html\`<p>${text}</p>\`` escapes
 * every interpolated value unless it is already SafeHtml, so text from a request or the database
 * can never become markup. The same escaping serves text and attribute values: quotes are escaped,
 * so a value cannot leave a quoted attribute. Templates always quote their attributes ("…"); `=`
 * and the backtick are escaped too, for the old parsers that split unquoted attributes on them.
 * Escaping does not make a URL safe to follow (javascript:…): untrusted URLs go through safeUrl.
 */

const TRUSTED = Symbol("trusted html");

/** Markup that is safe to emit as is: built by html`` (escaped) or raw() (trusted constants). */
export class SafeHtml {
  readonly #html: string;

  /** The token is private to this module, so no other code can brand a string as safe. */
  constructor(markup: string, token: symbol) {
    if (token !== TRUSTED) throw new TypeError("SafeHtml is made by html`` or raw(), never directly");
    this.#html = markup;
  }

  toString(): string {
    return this.#html;
  }
}

/** What a template accepts; `false` lets `${cond && html\`…\`}` render nothing. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
  "=": "&#61;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => ESCAPES[c] as string);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] as string);
  return new SafeHtml(out, TRUSTED);
}

/**
 * Marks a string as markup without escaping it. Only for constants written in this code base (and
 * the output of trusted generators such as the QR encoder): never for anything from a request, the
 * database or another service.
 */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup, TRUSTED);
}

export type QueryValue = string | number | null | undefined;

/**
 * A path with a query string, e.g. href("/search", { q: "殡葬", kind: undefined }) →
 * "/search?q=%E6%AE%A1%E8%91%AC". Empty, null and undefined parameters are dropped, so links stay
 * short and a blank filter never reaches the API.
 */
export function href(path: string, query: Record<string, QueryValue> = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === "") continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `${path}?${parts.join("&")}` : path;
}

/** A path with each segment URL-encoded: pathOf("notices", id) → "/notices/…". */
export function pathOf(...segments: string[]): string {
  return "/" + segments.map(encodeURIComponent).join("/");
}

/**
 * A URL that is safe to put in href/src: a site-relative path or http(s); anything else
 * (javascript:, data:, a protocol-relative //host) becomes "#".
 */
export function safeUrl(url: string): string {
  if (/^\/(?![/\\])/.test(url)) return url;
  if (/^https?:\/\//i.test(url)) return url;
  return "#";
}
