/**
 * API keys of bodies' case-handling systems (办案系统). An administrator creates one for a body (the
 * key is shown once; only its hash and prefix are kept) and revokes it. The gateway resolves a key
 * on every call straight from the database — no cache, so a revoked key is refused at once by every
 * gateway — and records each call it made in the audit log, refused ones too.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { listAudit, recordAudit, type AuditView } from "../../../lib/audit.js";
import { INTAKE_ROLE, type SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { dependencyCall, fieldProblem, NotFoundError, UnauthorizedError } from "../../../lib/errors.js";
import { apiKeyHash, apiKeyPrefix, isApiKey, newApiKey } from "../../../shared/api-keys.js";
import { newId } from "../../../shared/ids.js";
import { duties } from "../../duties/contract.js";
import type { ApiKeyView, CreatedApiKey, KeyAuditParams, KeyUseParams } from "../contract.js";
import { AUDIT } from "../user.entity.js";
import type { AccountsDeps } from "./deps.js";

interface KeyRow {
  id: string;
  body_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = `"id", "body_id", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"`;

function keyView(r: KeyRow): ApiKeyView {
  return {
    id: r.id,
    bodyId: r.body_id,
    name: r.name,
    prefix: r.prefix,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  };
}

/** A new key for a body: the answer carries the key itself, which is never shown again. */
export async function createApiKey(
  deps: AccountsDeps,
  admin: SessionUser,
  p: { bodyId: string; name: string },
): Promise<CreatedApiKey> {
  const exists = await dependencyCall("duties", () => call(deps.caller, duties.bodyExists, { id: p.bodyId }));
  if (!exists) throw fieldProblem("bodyId", "UNKNOWN_BODY", "no enforcement body has this id");
  const key = newApiKey();
  const row: KeyRow = {
    id: newId(),
    body_id: p.bodyId,
    name: p.name,
    prefix: apiKeyPrefix(key),
    created_by: admin.id,
    created_at: deps.now(),
    last_used_at: null,
    revoked_at: null,
  };
  await deps.em.transactional(async (tx) => {
    await tx.getConnection().execute(
      `insert into "accounts"."api_keys" ("id", "body_id", "name", "prefix", "key_hash", "created_by", "created_at")
       values (?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.body_id, row.name, row.prefix, apiKeyHash(key), row.created_by, row.created_at],
      "run",
      tx.getTransactionContext(),
    );
    recordAudit(tx, AUDIT, admin, { action: "apikey.create", recordType: "api_key", recordId: row.id });
  });
  return { ...keyView(row), key };
}

export async function listApiKeys(em: EntityManager, p: { bodyId?: string }): Promise<{ items: ApiKeyView[] }> {
  const rows = (await em
    .getConnection()
    .execute(
      `select ${COLUMNS} from "accounts"."api_keys" ${p.bodyId ? `where "body_id" = ?` : ""} order by "created_at" desc, "id" desc limit 500`,
      p.bodyId ? [p.bodyId] : [],
    )) as KeyRow[];
  return { items: rows.map(keyView) };
}

/** Revokes a key: refused from the next call on, by every gateway. Revoking it again changes nothing. */
export async function revokeApiKey(deps: AccountsDeps, admin: SessionUser, id: string): Promise<ApiKeyView> {
  return deps.em.transactional(async (tx) => {
    const rows = (await tx.getConnection().execute(
      `update "accounts"."api_keys" set "revoked_at" = coalesce("revoked_at", ?), "revoked_by" = coalesce("revoked_by", ?)
       where "id" = ? returning ${COLUMNS}`,
      [deps.now(), admin.id, id],
      "all",
      tx.getTransactionContext(),
    )) as KeyRow[];
    const row = rows[0];
    if (!row) throw new NotFoundError("API key", id);
    recordAudit(tx, AUDIT, admin, { action: "apikey.revoke", recordType: "api_key", recordId: id });
    return keyView(row);
  });
}

/**
 * The machine principal a key stands for (role `intake`, the key's body), read from the database on
 * every call. A revoked key is refused and its attempt recorded; an unknown one is simply refused.
 */
export async function resolveApiKey(
  deps: AccountsDeps,
  p: { key: string; route: string; docNo?: string },
): Promise<SessionUser> {
  if (!isApiKey(p.key)) throw new UnauthorizedError("Invalid API key", "INVALID_API_KEY");
  const hash = apiKeyHash(p.key);
  const rows = (await deps.em.getConnection().execute(
    `update "accounts"."api_keys" set "last_used_at" = ? where "key_hash" = ? and "revoked_at" is null
     returning "id", "body_id", "name", "prefix"`,
    [deps.now(), hash],
  )) as KeyRow[];
  const row = rows[0];
  if (row) return keyPrincipal(row);
  const revoked = (await deps.em
    .getConnection()
    .execute(`select "id", "name", "prefix" from "accounts"."api_keys" where "key_hash" = ?`, [hash])) as KeyRow[];
  const known = revoked[0];
  if (!known) throw new UnauthorizedError("Invalid API key", "INVALID_API_KEY");
  await auditKeyUse(deps, {
    keyId: known.id,
    keyName: actorName(known),
    route: p.route,
    ...(p.docNo ? { docNo: p.docNo } : {}),
    status: 401,
    type: "API_KEY_REVOKED",
  });
  throw new UnauthorizedError("This API key has been revoked", "API_KEY_REVOKED");
}

function actorName(r: Pick<KeyRow, "name" | "prefix">): string {
  return `${r.name} (${r.prefix}…)`;
}

function keyPrincipal(r: KeyRow): SessionUser {
  return { id: r.id, username: actorName(r), role: INTAKE_ROLE, bodyId: r.body_id, officerId: null };
}

/** One call made with a key: its route, the 文书号 it named, and how it was answered. */
export async function auditKeyUse(deps: Pick<AccountsDeps, "em">, p: KeyUseParams): Promise<{ recorded: true }> {
  const em = deps.em.fork();
  recordAudit(
    em,
    AUDIT,
    { id: p.keyId, name: p.keyName, role: INTAKE_ROLE },
    {
      action: p.status < 400 ? "intake.call" : "intake.refused",
      recordType: "intake",
      recordId: p.docNo ?? "-",
      reason: `${p.route} → ${p.status}${p.type ? ` ${p.type}` : ""}`,
    },
  );
  await em.flush();
  return { recorded: true };
}

/** The audit log of keys: created, revoked, and every call (of one key with `keyId`). */
export function keyAudit(
  em: EntityManager,
  p: KeyAuditParams,
): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  return listAudit(em, AUDIT, { ...(p.keyId ? { actorId: p.keyId } : {}), limit: p.limit, cursor: p.cursor });
}
