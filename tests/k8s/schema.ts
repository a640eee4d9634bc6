/**
 * Offline validation of Kubernetes objects against the API's JSON schemas, as compiled by the
 * kubernetes-models package — plus what those schemas let through: a field the API does not know
 * (a typo such as `readinesProbe` would be dropped silently by the API server). The compiled
 * validators read every property their schema declares; an object is run through them behind a
 * Proxy, and any key of it that no validator read (nor enumerated, as maps like labels are) is
 * reported as unknown.
 */
import type { Resource } from "./render.js";

type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string; params: unknown; message?: string }[] | null;
};

/** API group → the name kubernetes-models' schemas use for it. */
const GROUPS: Record<string, string> = {
  "": "Core",
  apps: "Apps",
  batch: "Batch",
  policy: "Policy",
  autoscaling: "Autoscaling",
  "networking.k8s.io": "Networking",
  "rbac.authorization.k8s.io": "Rbac",
  "storage.k8s.io": "Storage",
};

async function schemaFor(apiVersion: string, kind: string): Promise<ValidateFunction> {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const groupName = GROUPS[group ?? ""];
  if (!groupName || !version) throw new Error(`no schema known for ${apiVersion} ${kind}`);
  const name = `IoK8sApi${groupName}${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
  let module: { validate?: ValidateFunction };
  try {
    module = (await import(`kubernetes-models/_schemas/${name}`)) as { validate?: ValidateFunction };
  } catch {
    throw new Error(`no schema for ${apiVersion} ${kind} (looked for ${name})`);
  }
  if (!module.validate) throw new Error(`${name} exports no validate()`);
  return module.validate;
}

interface Tracked {
  path: string;
  read: Set<string>;
  enumerated: boolean;
}

/** Problems with one object: schema errors and unknown fields, as "path: message" lines. */
export async function validateResource(resource: Resource): Promise<string[]> {
  const validate = await schemaFor(resource.apiVersion, resource.kind);
  const data = structuredClone(resource) as unknown;
  const tracked = new Map<object, Tracked>();
  const proxies = new WeakMap<object, object>();

  const watch = (value: unknown, path: string): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const existing = proxies.get(value);
    if (existing) return existing;
    const info: Tracked = { path, read: new Set(), enumerated: false };
    if (!Array.isArray(value)) tracked.set(value, info);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (typeof key !== "string") return v;
        info.read.add(key);
        return Object.prototype.hasOwnProperty.call(target, key) ? watch(v, `${path}/${key}`) : v;
      },
      has(target, key) {
        if (typeof key === "string") info.read.add(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        if (typeof key === "string") info.read.add(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        info.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  const problems: string[] = [];
  if (!validate(watch(data, ""))) {
    for (const e of validate.errors ?? []) {
      problems.push(`${e.instancePath || "/"}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
    }
  }
  for (const [object, info] of tracked) {
    if (info.enumerated) continue;
    for (const key of Object.keys(object)) {
      if (!info.read.has(key)) problems.push(`${info.path}/${key}: unknown field`);
    }
  }
  return problems;
}
