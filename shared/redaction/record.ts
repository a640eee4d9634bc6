/**
 * Records: a shape's redaction stated once (which party fields to drop or keep by party type, which
 * fields are free text), the decision's spec, and redactRecord, which applies one to a deep copy.
 */

import { redactText } from "./text.js";
import type { Redaction } from "./tokens.js";

/** Party kinds: 自然人 (natural person), 法人或其他组织 (legal), 个体工商户 (individual business). */
export type PartyType = "natural" | "legal" | "individual";

/**
 * What to do with one record shape, stated once. Paths are dot-separated keys; '*' matches every
 * element of an array or value of an object ('parties.*', 'evidence.*.note').
 */
export interface RecordRedactionSpec {
  /** Where the party object (or objects) sits; its `type` picks the rows below. A missing or
   *  unknown type counts as 'natural', the kind that drops the most. */
  readonly party: string;
  /** Party fields removed from the published value, by party type. */
  readonly drop: Readonly<Record<PartyType, readonly string[]>>;
  /** Party fields whose values are never masked in free text (the party's own name). */
  readonly keep: Readonly<Record<PartyType, readonly string[]>>;
  /** Free-text fields scanned with redactText. String fields not listed pass unchanged. */
  readonly freeText: readonly string[];
}

const PERSONAL_FIELDS = ["idNumber", "address", "phone", "email", "bankAccount", "health"] as const;

/**
 * The decision shape { party: { type, name, idNumber?, address?, phone?, email?, bankAccount?,
 * health?, legalRepresentative?, creditCode? }, title, facts, conclusion, basis, penalty, licence },
 * the one list production (shared/public-record.ts) and the tests use.
 * - A natural person has no 统一社会信用代码, so a value there is most likely the ID number: dropped.
 * - A 个体工商户 is a natural person for privacy, but its creditCode and its 经营者 (kept in
 *   legalRepresentative) are public in 双公示.
 * - An organisation's 法定代表人 and registered 住所 are public (its address stays wherever the
 *   text repeats it); its bank account and contact fields are not published.
 * - Every free-text field a person's data could hide in is scanned; the basis is law text, but
 *   officers sometimes paste more than the article.
 */
export const DECISION_REDACTION_SPEC: RecordRedactionSpec = {
  party: "party",
  drop: {
    natural: [...PERSONAL_FIELDS, "creditCode"],
    individual: PERSONAL_FIELDS,
    legal: ["bankAccount", "phone", "email"],
  },
  keep: {
    natural: ["name"],
    individual: ["name", "legalRepresentative", "creditCode"],
    legal: ["name", "legalRepresentative", "creditCode", "address"],
  },
  freeText: [
    "title",
    "facts",
    "conclusion",
    "basis",
    "penalty.content",
    "penalty.licenceAction",
    "penalty.violationType",
    "licence.documentName",
    "licence.certificateName",
    "licence.content",
  ],
};

export interface RedactRecordOptions {
  /** Names of other natural persons marked by the officer, masked in every free-text field. */
  names?: readonly string[];
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null;

/** Calls `visit` for every existing key the path reaches, with its concrete dotted path. */
function forEachAt(
  node: unknown,
  path: readonly string[],
  at: string,
  visit: (parent: Node, key: string, at: string) => void,
): void {
  if (!isNode(node) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  const keys = head === "*" ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
  for (const key of keys) {
    const here = at === "" ? key : `${at}.${key}`;
    if (rest.length === 0) visit(node, key, here);
    else forEachAt(node[key], rest, here, visit);
  }
}

function partyType(value: unknown): PartyType {
  return value === "legal" || value === "individual" ? value : "natural";
}

/**
 * A deep copy of the record fit to publish: the party's personal fields removed (each logged as a
 * 'dropped-field' with start = end = 0), free-text fields masked with the party's kept values
 * protected. The input is never mutated.
 */
export function redactRecord<T extends object>(
  record: T,
  spec: RecordRedactionSpec,
  opts: RedactRecordOptions = {},
): { value: T; redactions: Redaction[] } {
  const value = structuredClone(record);
  const redactions: Redaction[] = [];
  const keep: string[] = [];
  const secrets: string[] = [];
  const publicAddresses: string[] = [];
  const organisations: string[] = [];

  forEachAt(value, spec.party.split("."), "", (parent, key, at) => {
    const party = parent[key];
    if (!isNode(party)) return;
    const type = partyType(party.type);
    if (type === "legal" && typeof party.name === "string" && party.name.trim() !== "") organisations.push(party.name);
    for (const field of spec.drop[type]) {
      if (!Object.hasOwn(party, field)) continue;
      const dropped = party[field];
      // Long enough to be a value, not a fragment that would mask ordinary words.
      if (typeof dropped === "string" && Array.from(dropped.trim()).length >= 4) secrets.push(dropped.trim());
      delete party[field];
      redactions.push({ rule: "dropped-field", field: `${at}.${field}`, start: 0, end: 0, replacement: "" });
    }
    for (const field of spec.keep[type]) {
      const kept = party[field];
      if (typeof kept === "string" && kept.trim() !== "") keep.push(kept);
      // a kept address is an organisation's registered one: public however the text extends it
      if (field === "address" && typeof kept === "string" && kept.trim() !== "") publicAddresses.push(kept.trim());
    }
  });

  for (const path of spec.freeText) {
    forEachAt(value, path.split("."), "", (parent, key, at) => {
      const text = parent[key];
      if (typeof text !== "string") return;
      const result = redactText(text, at, { names: opts.names, keep, secrets, publicAddresses, organisations });
      parent[key] = result.text;
      redactions.push(...result.redactions);
    });
  }
  return { value, redactions };
}
