import { EntitySchema } from "@mikro-orm/postgresql";
import { auditTable } from "../../lib/audit.js";
import type { Role } from "../../lib/auth.js";
import { FIRST_TOKEN_VERSION } from "../../shared/tokens.js";
import type { UserView } from "./contract.js";

export class User {
  id!: string;
  username!: string;
  passwordHash!: string;
  displayName!: string;
  role!: Role;
  bodyId!: string | null;
  /** The user's entry in the officer roster (执法人员), if they are one. */
  officerId!: string | null;
  active!: boolean;
  /** Written into each bearer token; bumped to end every token issued before (shared/tokens.ts). */
  tokenVersion!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: "users",
  properties: {
    id: { type: "string", primary: true },
    // Unique case-insensitively: the index on lower(username) (migration 20261206000100).
    username: { type: "string" },
    passwordHash: { type: "string" },
    displayName: { type: "string" },
    role: { type: "string" },
    bodyId: { type: "string", nullable: true },
    officerId: { type: "string", nullable: true },
    active: { type: "boolean" },
    tokenVersion: { type: "integer", default: FIRST_TOKEN_VERSION },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
  },
});

/** Platform settings the accounts service keeps, such as the token-signing secret. */
export class Setting {
  key!: string;
  value!: string;
}

export const SettingSchema = new EntitySchema<Setting>({
  class: Setting,
  tableName: "settings",
  properties: {
    key: { type: "string", primary: true },
    value: { type: "string" },
  },
});

/** The public shape of a user: never the password or its hash. */
export function userView(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    bodyId: u.bodyId,
    officerId: u.officerId,
    active: u.active,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** The accounts service's audit log: API keys created and revoked, and every call made with one. */
export const AUDIT = auditTable();
