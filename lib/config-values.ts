/**
 * Reading one environment variable as a value of a kind (an integer in a range, a boolean, a rate, a
 * URL of given schemes, an existing path), or a ConfigError naming the variable and what it wants.
 * lib/config.ts reads every variable with these; nothing here touches process.env.
 */
import fs from "node:fs";
import path from "node:path";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Env = Record<string, string | undefined>;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** "N/S": at most N in any S seconds. */
export function rate(env: Env, name: string, fallback: string): { limit: number; windowSeconds: number } {
  const raw = env[name] || fallback;
  const m = /^(\d{1,6})\/(\d{1,7})$/.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new ConfigError(`${name} must look like 5/600 (at most 5 in 600 seconds), got "${raw}"`);
  }
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}

export function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(" or ")}, got "${parsed.protocol}"`);
  }
  return raw;
}

export function existingPath(env: Env, name: string, kind: "file" | "directory"): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const resolved = path.resolve(raw);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new ConfigError(`${name}: no such ${kind}: ${resolved}`);
  }
  if (kind === "file" ? !stat.isFile() : !stat.isDirectory())
    throw new ConfigError(`${name} must be a ${kind}: ${resolved}`);
  return resolved;
}
