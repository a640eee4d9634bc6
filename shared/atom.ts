/**
 * The Atom 1.0 document (RFC 4287) of a page of notices, written by the XML serializer. Every text
 * construct is type="text": what an officer typed is shown as typed, never read as markup.
 */
import { el, toXml, type XmlElement } from "./xml.js";

const ATOM_NS = "http://www.w3.org/2005/Atom";

export interface AtomEntry {
  id: string;
  title: string;
  link: string;
  updated: Date;
  published: Date;
  summary: string;
  /** Left out when there is none. */
  content?: string;
  author: string;
  category: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  /** The feed's own address (rel="self") and the site it belongs to (rel="alternate"). */
  self: string;
  /** The WebSub hub announcing its updates (rel="hub"), when there is one. */
  hub?: string;
  site: string;
  language: string;
  rights: string;
  generator: string;
  entries: AtomEntry[];
}

const text = (name: string, value: string): XmlElement => el(name, { type: "text" }, value);

function entry(e: AtomEntry): XmlElement {
  return el(
    "entry",
    {},
    el("id", {}, e.id),
    text("title", e.title),
    el("link", { rel: "alternate", type: "text/html", href: e.link }),
    el("updated", {}, e.updated.toISOString()),
    el("published", {}, e.published.toISOString()),
    el("author", {}, el("name", {}, e.author)),
    el("category", { term: e.category, label: e.category }),
    text("summary", e.summary),
    e.content ? text("content", e.content) : null,
  );
}

export function atomDocument(f: AtomFeed): string {
  // The feed changed when its latest entry did (a withdrawal updates an entry); empty: the epoch.
  const updated = new Date(Math.max(0, ...f.entries.map((e) => e.updated.getTime())));
  return toXml(
    el(
      "feed",
      { xmlns: ATOM_NS, "xml:lang": f.language },
      el("id", {}, f.id),
      text("title", f.title),
      text("subtitle", f.subtitle),
      el("updated", {}, updated.toISOString()),
      el("link", { rel: "self", type: "application/atom+xml", href: f.self }),
      f.hub ? el("link", { rel: "hub", href: f.hub }) : null,
      el("link", { rel: "alternate", type: "text/html", href: f.site }),
      text("rights", f.rights),
      el("generator", {}, f.generator),
      ...f.entries.map(entry),
    ),
  );
}

/** Where this platform's WebSub hub listens (services/subscriptions, the portal's /websub route). */
export const WEBSUB_PATH = "/websub";

/**
 * A feed's own address with its filters: a filtered feed is its own feed (its id, its rel="self",
 * the WebSub topic a subscriber names). The filters given, sorted by name, empty ones left out.
 */
export function feedUrl(base: string, path: string, params: object): string {
  const filters = Object.entries(params as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]): [string, string] => [k, String(v)]);
  const query = new URLSearchParams(filters).toString();
  return `${base}${path}${query ? `?${query}` : ""}`;
}

/** The HTTP Link header of a feed: its hub and itself (WebSub discovery). */
export function feedLinkHeader(base: string, self: string): string {
  return `<${base}${WEBSUB_PATH}>; rel="hub", <${self}>; rel="self"`;
}
