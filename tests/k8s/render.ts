/**
 * A small kustomize for the subset k8s/ uses, so the manifests can be checked offline without a
 * kustomize binary. Anything outside the subset throws instead of being silently ignored.
 *
 * Supported kustomization.yaml fields:
 * - resources: files (multi-document YAML) and directories holding a kustomization.yaml;
 * - namespace: set on every namespaced object;
 * - labels: `pairs` added to every object's metadata.labels, and with `includeTemplates` to pod
 *   templates and volumeClaimTemplates (`includeSelectors: true` is not supported);
 * - configMapGenerator / secretGenerator: `literals`, `files`, `envs`, `behavior`
 *   (create/merge/replace), Secret `type`; names get kustomize's content hash suffix and every
 *   reference to them in pod specs and Ingress TLS is rewritten;
 * - patches: `path` to a strategic-merge patch, matched by apiVersion + kind + name; maps merge,
 *   `null` deletes, lists of containers/env/volumes/volumeMounts/ports/imagePullSecrets merge by
 *   their key (new items first, as kustomize orders them), every other list is replaced (as
 *   Kubernetes' patch strategy for those fields says);
 * - replicas: `name` + `count`;
 * - images: `name` + `newName` / `newTag` / `digest`.
 *
 * The test compares this output with `kubectl kustomize` wherever kubectl is installed.
 *
 * CLI: `npx tsx tests/k8s/render.ts k8s/overlays/dev` prints the rendered YAML.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import YAML from "yaml";

export type Obj = { [key: string]: unknown };

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface RenderOptions {
  /** Contents to use instead of the files on disk, by absolute path (e.g. a secrets.env from its example). */
  files?: Record<string, string>;
}

const KUSTOMIZATION_FIELDS = new Set([
  "apiVersion",
  "kind",
  "resources",
  "namespace",
  "labels",
  "configMapGenerator",
  "secretGenerator",
  "patches",
  "replicas",
  "images",
]);

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PersistentVolume",
  "StorageClass",
  "IngressClass",
  "PriorityClass",
]);

const POD_TEMPLATE_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

/** Strategic-merge keys of the lists k8s/ patches (from the Kubernetes API's patch strategies). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
};

/** What generated an object: its name before the hash suffix. */
const generated = new WeakMap<Resource, { name: string }>();

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new Error(`render: ${message}`);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

class Context {
  constructor(readonly options: RenderOptions) {}

  read(file: string): string {
    const override = this.options.files?.[file];
    if (override !== undefined) return override;
    return fs.readFileSync(file, "utf8");
  }
}

/**
 * YAML as kustomize (YAML 1.1 rules, through go-yaml) and the yaml package (1.2) both read it;
 * a scalar the two read differently (yes/no, 0644, dates...) is refused rather than guessed.
 */
export function parseYamlDocuments(text: string, where: string): unknown[] {
  const read = (version: "1.1" | "1.2") =>
    YAML.parseAllDocuments(text, { version }).map((doc) => {
      if (doc.errors.length) fail(`${where}: ${doc.errors[0]?.message}`);
      return doc.toJS({ maxAliasCount: -1 }) as unknown;
    });
  const docs = read("1.2");
  const old = read("1.1");
  if (JSON.stringify(docs) !== JSON.stringify(old)) {
    fail(`${where}: a value reads differently in YAML 1.1 and 1.2 (quote it)`);
  }
  return docs.filter((doc) => doc !== null && doc !== undefined);
}

function asResource(doc: unknown, where: string): Resource {
  if (!isObj(doc) || typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
    fail(`${where}: not a Kubernetes object`);
  }
  const metadata = doc.metadata;
  if (!isObj(metadata) || typeof metadata.name !== "string" || !metadata.name) fail(`${where}: no metadata.name`);
  return doc as Resource;
}

function id(r: Resource): string {
  return `${r.kind}/${r.metadata.name}`;
}

function build(dir: string, ctx: Context): Resource[] {
  const file = path.join(dir, "kustomization.yaml");
  if (!fs.existsSync(file)) fail(`${dir}: no kustomization.yaml`);
  const k = parseYamlDocuments(ctx.read(file), file)[0];
  if (!isObj(k)) fail(`${file}: empty`);
  for (const key of Object.keys(k)) {
    if (!KUSTOMIZATION_FIELDS.has(key)) fail(`${file}: field "${key}" is outside the supported subset`);
  }

  // resources, in order
  const resources: Resource[] = [];
  for (const entry of list(k.resources, `${file}: resources`)) {
    if (typeof entry !== "string" || /^[a-z]+:\/\//.test(entry)) fail(`${file}: resource ${String(entry)}`);
    const target = path.resolve(dir, entry);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      resources.push(...build(target, ctx));
    } else {
      for (const doc of parseYamlDocuments(ctx.read(target), target)) resources.push(asResource(doc, target));
    }
  }
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(id(r))) fail(`${file}: ${id(r)} defined twice`);
    seen.add(id(r));
  }

  // generators
  for (const entry of list(k.configMapGenerator, `${file}: configMapGenerator`)) {
    generate(resources, "ConfigMap", entry, dir, file, ctx);
  }
  for (const entry of list(k.secretGenerator, `${file}: secretGenerator`)) {
    generate(resources, "Secret", entry, dir, file, ctx);
  }

  // transformers, in kustomize's order: patches, namespace, labels, replicas, images
  for (const entry of list(k.patches, `${file}: patches`)) {
    if (!isObj(entry) || Object.keys(entry).join() !== "path" || typeof entry.path !== "string") {
      fail(`${file}: only "patches: - path: FILE" is supported`);
    }
    const patchFile = path.resolve(dir, entry.path);
    for (const doc of parseYamlDocuments(ctx.read(patchFile), patchFile)) {
      const patch = asResource(doc, patchFile);
      const targets = resources.filter(
        (r) => r.apiVersion === patch.apiVersion && r.kind === patch.kind && r.metadata.name === patch.metadata.name,
      );
      if (targets.length !== 1) fail(`${patchFile}: ${id(patch)} matches ${targets.length} objects`);
      strategicMerge(targets[0], patch);
    }
  }

  if (k.namespace !== undefined) {
    if (typeof k.namespace !== "string") fail(`${file}: namespace`);
    for (const r of resources) if (!CLUSTER_SCOPED.has(r.kind)) r.metadata.namespace = k.namespace;
  }

  for (const entry of list(k.labels, `${file}: labels`)) {
    if (!isObj(entry) || !isObj(entry.pairs)) fail(`${file}: labels need pairs`);
    for (const key of Object.keys(entry)) {
      if (!["pairs", "includeTemplates", "includeSelectors"].includes(key)) fail(`${file}: labels.${key}`);
    }
    if (entry.includeSelectors === true) fail(`${file}: labels.includeSelectors is not supported`);
    const pairs = entry.pairs as Record<string, string>;
    for (const r of resources) {
      r.metadata.labels = { ...r.metadata.labels, ...pairs };
      if (entry.includeTemplates === true) addTemplateLabels(r, pairs);
    }
  }

  for (const entry of list(k.replicas, `${file}: replicas`)) {
    if (!isObj(entry) || typeof entry.name !== "string" || typeof entry.count !== "number") {
      fail(`${file}: replicas need name and count`);
    }
    const targets = resources.filter(
      (r) => r.metadata.name === entry.name && ["Deployment", "StatefulSet", "ReplicaSet"].includes(r.kind),
    );
    if (targets.length === 0) fail(`${file}: replicas: nothing named ${entry.name}`);
    for (const r of targets) (r.spec as Obj).replicas = entry.count;
  }

  for (const entry of list(k.images, `${file}: images`)) {
    if (!isObj(entry) || typeof entry.name !== "string") fail(`${file}: images need a name`);
    for (const key of Object.keys(entry)) {
      if (!["name", "newName", "newTag", "digest"].includes(key)) fail(`${file}: images.${key}`);
    }
    for (const r of resources) {
      for (const container of podContainers(r)) {
        if (typeof container.image !== "string") continue;
        const m = /^([^@]+?)(?::([^:/@]+))?(?:@(.+))?$/.exec(container.image);
        if (!m || m[1] !== entry.name) continue;
        const name = (entry.newName as string | undefined) ?? m[1];
        if (entry.digest !== undefined) container.image = `${name}@${String(entry.digest)}`;
        else {
          const tag = entry.newTag !== undefined ? String(entry.newTag) : m[2];
          container.image = tag ? `${name}:${tag}` : name;
        }
      }
    }
  }

  return resources;
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${where} must be a list`);
  return value;
}

function generate(
  resources: Resource[],
  kind: "ConfigMap" | "Secret",
  entry: unknown,
  dir: string,
  file: string,
  ctx: Context,
): void {
  if (!isObj(entry) || typeof entry.name !== "string") fail(`${file}: a ${kind} generator needs a name`);
  const allowed = ["name", "behavior", "literals", "files", "envs", ...(kind === "Secret" ? ["type"] : [])];
  for (const key of Object.keys(entry)) {
    if (!allowed.includes(key)) fail(`${file}: ${kind} generator field "${key}" is outside the supported subset`);
  }
  const data: Record<string, string> = {};
  const put = (key: string, value: string, where: string) => {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) fail(`${where}: invalid key "${key}"`);
    if (key in data) fail(`${where}: key ${key} twice`);
    data[key] = value;
  };
  for (const literal of list(entry.literals, `${file}: literals`)) {
    const text = String(literal);
    const eq = text.indexOf("=");
    if (eq <= 0) fail(`${file}: literal "${text}" is not KEY=VALUE`);
    const value = text.slice(eq + 1);
    if (/^["']/.test(value)) fail(`${file}: literal ${text.slice(0, eq)}: quoted values are outside the subset`);
    put(text.slice(0, eq), value, file);
  }
  for (const source of list(entry.files, `${file}: files`)) {
    const text = String(source);
    const eq = text.indexOf("=");
    const key = eq > 0 ? text.slice(0, eq) : path.basename(text);
    const target = path.resolve(dir, eq > 0 ? text.slice(eq + 1) : text);
    if (!target.startsWith(dir + path.sep)) fail(`${file}: ${text} is outside the kustomization's directory`);
    put(key, ctx.read(target), file);
  }
  for (const source of list(entry.envs, `${file}: envs`)) {
    const target = path.resolve(dir, String(source));
    ctx
      .read(target)
      .split("\n")
      .forEach((raw, i) => {
        const line = raw.replace(/\r$/, "");
        if (line.trim() === "" || line.trimStart().startsWith("#")) return;
        const eq = line.indexOf("=");
        if (eq <= 0) fail(`${target}:${i + 1}: not KEY=VALUE`);
        const value = line.slice(eq + 1);
        if (/^["']/.test(value)) fail(`${target}:${i + 1}: quoted values are outside the subset`);
        put(line.slice(0, eq), value, `${target}:${i + 1}`);
      });
  }
  const encoded =
    kind === "Secret" ? Object.fromEntries(Object.entries(data).map(([key, v]) => [key, kustomizeBase64(v)])) : data;
  const field = "data";
  const behavior = entry.behavior ?? "create";
  const existing = resources.find((r) => r.kind === kind && generated.get(r)?.name === entry.name);
  if (behavior === "create") {
    if (existing || resources.some((r) => r.kind === kind && r.metadata.name === entry.name)) {
      fail(`${file}: ${kind}/${entry.name} exists (use behavior merge or replace)`);
    }
    const r: Resource = { apiVersion: "v1", kind, metadata: { name: entry.name }, [field]: encoded };
    if (kind === "Secret") r.type = (entry.type as string | undefined) ?? "Opaque";
    generated.set(r, { name: entry.name });
    resources.push(r);
  } else if (behavior === "merge" || behavior === "replace") {
    if (!existing) fail(`${file}: ${kind}/${entry.name} to ${behavior} is not generated by a base`);
    existing[field] = behavior === "merge" ? { ...(existing[field] as Obj), ...encoded } : encoded;
    if (kind === "Secret" && entry.type !== undefined) existing.type = entry.type;
  } else {
    fail(`${file}: behavior ${String(behavior)}`);
  }
}

/** kustomize's base64 for Secret data: 70 characters a line, each ended by "\n", once it is 70 or longer. */
export function kustomizeBase64(value: string): string {
  const encoded = Buffer.from(value, "utf8").toString("base64");
  if (encoded.length < 70) return encoded;
  return (encoded.match(/.{1,70}/g) ?? []).map((line) => `${line}\n`).join("");
}

function addTemplateLabels(r: Resource, pairs: Record<string, string>): void {
  const spec = r.spec;
  if (!isObj(spec)) return;
  const label = (meta: unknown): Obj => {
    const m = isObj(meta) ? meta : {};
    m.labels = { ...(isObj(m.labels) ? m.labels : {}), ...pairs };
    return m;
  };
  if (POD_TEMPLATE_KINDS.has(r.kind) && isObj(spec.template)) spec.template.metadata = label(spec.template.metadata);
  if (r.kind === "StatefulSet" && Array.isArray(spec.volumeClaimTemplates)) {
    for (const claim of spec.volumeClaimTemplates) if (isObj(claim)) claim.metadata = label(claim.metadata);
  }
  if (r.kind === "CronJob") fail("CronJob templates are outside the supported subset");
}

/** The pod spec of a workload (or a Pod), if it has one. */
export function podSpec(r: Resource): Obj | undefined {
  if (r.kind === "Pod") return isObj(r.spec) ? r.spec : undefined;
  const spec = r.spec;
  if (!POD_TEMPLATE_KINDS.has(r.kind) || !isObj(spec) || !isObj(spec.template)) return undefined;
  return isObj(spec.template.spec) ? spec.template.spec : undefined;
}

function podContainers(r: Resource): Obj[] {
  const spec = podSpec(r);
  if (!spec) return [];
  return [...list(spec.initContainers, "initContainers"), ...list(spec.containers, "containers")].filter(isObj);
}

export function strategicMerge(target: Obj, patch: Obj): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) fail(`patch directive ${key} is outside the supported subset`);
    if (value === null) delete target[key];
    else target[key] = mergeValue(target[key], value, key);
  }
}

function mergeValue(current: unknown, patch: unknown, field: string): unknown {
  if (isObj(patch)) {
    if (!isObj(current)) return withoutNulls(patch);
    strategicMerge(current, patch);
    return current;
  }
  if (Array.isArray(patch)) {
    const key = field === "ports" ? portKey(patch) : MERGE_KEYS[field];
    if (!key || !Array.isArray(current)) return withoutNulls(patch);
    // kustomize puts the items that are new first (in the patch's order), then the existing ones.
    const merged = [...current];
    const added: unknown[] = [];
    for (const item of patch) {
      if (!isObj(item) || item[key] === undefined) fail(`patch: an item of ${field} lacks ${key}`);
      const at = merged.findIndex((m) => isObj(m) && m[key] === item[key]);
      if (at >= 0) merged[at] = mergeValue(merged[at], item, field);
      else added.push(withoutNulls(item));
    }
    return [...added, ...merged];
  }
  return patch;
}

/** Container ports merge by containerPort, Service ports by port. */
function portKey(items: unknown[]): string {
  return items.every((p) => isObj(p) && p.containerPort !== undefined) ? "containerPort" : "port";
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isObj(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/**
 * kustomize's name suffix: sha256 of the JSON of kind, data (and type for a Secret) — and a name
 * that is always "" (kustomize looks it up by a path it never finds) — first 10 hex digits, with
 * 0 1 3 a e spelled g h k m t.
 */
export function kustomizeHash(r: Pick<Resource, "kind"> & { data?: unknown; type?: unknown }): string {
  const fields: Obj =
    r.kind === "Secret"
      ? { data: r.data ?? "", kind: "Secret", name: "", type: r.type ?? "" }
      : { data: r.data ?? "", kind: "ConfigMap", name: "" };
  const hex = createHash("sha256").update(goJson(fields)).digest("hex");
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ "0": "g", "1": "h", "3": "k", a: "m", e: "t" })[c] ?? c);
}

/** encoding/json's Marshal: keys sorted, <, >, & and U+2028/9 escaped. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : isObj(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted(v[k])]),
          )
        : v;
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Hash suffixes on generated objects, then every reference to them rewritten. */
function finish(resources: Resource[]): Resource[] {
  const renamed = new Map<string, string>(); // "ConfigMap/ns/name" -> new name
  for (const r of resources) {
    const origin = generated.get(r);
    if (!origin) continue;
    r.metadata.name = `${origin.name}-${kustomizeHash(r)}`;
    renamed.set(`${r.kind}/${r.metadata.namespace ?? ""}/${origin.name}`, r.metadata.name);
  }
  const rename = (kind: string, namespace: string | undefined, holder: Obj, field: string) => {
    const name = holder[field];
    if (typeof name !== "string") return;
    const to = renamed.get(`${kind}/${namespace ?? ""}/${name}`);
    if (to) holder[field] = to;
  };
  for (const r of resources) {
    const ns = r.metadata.namespace;
    const spec = podSpec(r);
    if (spec) {
      for (const container of podContainers(r)) {
        for (const from of list(container.envFrom, "envFrom").filter(isObj)) {
          if (isObj(from.configMapRef)) rename("ConfigMap", ns, from.configMapRef, "name");
          if (isObj(from.secretRef)) rename("Secret", ns, from.secretRef, "name");
        }
        for (const env of list(container.env, "env").filter(isObj)) {
          if (!isObj(env.valueFrom)) continue;
          if (isObj(env.valueFrom.configMapKeyRef)) rename("ConfigMap", ns, env.valueFrom.configMapKeyRef, "name");
          if (isObj(env.valueFrom.secretKeyRef)) rename("Secret", ns, env.valueFrom.secretKeyRef, "name");
        }
      }
      for (const volume of list(spec.volumes, "volumes").filter(isObj)) {
        if (isObj(volume.configMap)) rename("ConfigMap", ns, volume.configMap, "name");
        if (isObj(volume.secret)) rename("Secret", ns, volume.secret, "secretName");
        if (isObj(volume.projected)) {
          for (const source of list(volume.projected.sources, "sources").filter(isObj)) {
            if (isObj(source.configMap)) rename("ConfigMap", ns, source.configMap, "name");
            if (isObj(source.secret)) rename("Secret", ns, source.secret, "name");
          }
        }
      }
      for (const pull of list(spec.imagePullSecrets, "imagePullSecrets").filter(isObj))
        rename("Secret", ns, pull, "name");
    }
    if (r.kind === "Ingress" && isObj(r.spec)) {
      for (const tls of list(r.spec.tls, "tls").filter(isObj)) rename("Secret", ns, tls, "secretName");
    }
  }
  return resources;
}

/** Renders the kustomization in `dir` (a directory holding kustomization.yaml). */
export function render(dir: string, options: RenderOptions = {}): Resource[] {
  const resources = build(path.resolve(dir), new Context(options)).map((r) => {
    const copy = clone(r);
    const origin = generated.get(r);
    if (origin) generated.set(copy, origin);
    return copy;
  });
  return finish(resources);
}

export function toYaml(resources: Resource[]): string {
  return resources.map((r) => YAML.stringify(r, { lineWidth: 0 })).join("---\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: tsx tests/k8s/render.ts <kustomization directory>");
    process.exit(2);
  }
  process.stdout.write(toYaml(render(dir)));
}
