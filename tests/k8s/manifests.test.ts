/**
 * The Kubernetes manifests (k8s/), checked offline: each overlay is rendered (tests/k8s/render.ts,
 * compared with `kubectl kustomize` where kubectl exists), every object is validated against the
 * Kubernetes API schemas (kubernetes-models) with unknown fields refused, and the rendered objects
 * are checked against the code: every variable lib/config.ts reads reaches every app container and
 * loadConfig accepts it, probes, resources, security contexts, selectors, ports, PDBs, HPAs,
 * NetworkPolicies, the migration Job and the shutdown timing. Also: the probe scripts and the
 * Dockerfile.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IIoK8sApiCoreV1Container } from "kubernetes-models/v1/Container";
import type { IIoK8sApiCoreV1PodSpec } from "kubernetes-models/v1/PodSpec";
import type { IIoK8sApiCoreV1Probe } from "kubernetes-models/v1/Probe";
import type { IService } from "kubernetes-models/v1/Service";
import { describe, expect, it } from "vitest";
import { ALL_SERVICES, loadConfig } from "../../lib/config.js";
import { isObj, kustomizeHash, parseYamlDocuments, render, type Resource } from "./render.js";
import { validateResource } from "./schema.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const K8S = path.join(ROOT, "k8s");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Every variable loadConfig reads, from lib/config.ts itself: `env.NAME` and `(env, "NAME", ...)`. */
function configVariables(): string[] {
  const source = read("lib/config.ts");
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1] as string);
  for (const m of source.matchAll(/\benv,\s*"([A-Z][A-Z0-9_]*)"/g)) names.add(m[1] as string);
  return [...names].sort();
}
const CONFIG_VARIABLES = configVariables();

/** Values that must not sit in a ConfigMap (credentials, keys, the database URL with its password). */
const SECRET_VARIABLES = [
  "DATABASE_URL",
  "S3_ACCESS_KEY",
  "S3_SECRET_KEY",
  "ADMIN_PASSWORD",
  "AUTH_SECRET",
  "SIGNING_P12_PASSWORD",
  "SMTP_URL",
];

interface Overlay {
  name: "dev" | "prod";
  dir: string;
  /** Files made for the render: prod's secrets.env is git-ignored; its committed example stands in. */
  files: Record<string, string>;
  /** Secrets the operator creates (README, "Deploying on Kubernetes"); referenced, not rendered. */
  externalSecrets: string[];
}

const PROD_SECRETS_ENV = path.join(K8S, "overlays/prod/secrets.env");
const OVERLAYS: Overlay[] = [
  { name: "dev", dir: path.join(K8S, "overlays/dev"), files: {}, externalSecrets: [] },
  {
    name: "prod",
    dir: path.join(K8S, "overlays/prod"),
    files: { [PROD_SECRETS_ENV]: read("k8s/overlays/prod/secrets.env.example") },
    externalSecrets: ["zfgs-signing", "zfgs-tlog-signing", "gateway-tls"],
  },
];

// ---- helpers over rendered objects ----

type Workload = Resource & { spec: { template: { metadata: { labels: Record<string, string> } } } };

const key = (r: Resource) => `${r.kind}/${r.metadata.name}`;
const ofKind = <T = Resource>(rs: Resource[], kind: string) => rs.filter((r) => r.kind === kind) as unknown as T[];
const workloads = (rs: Resource[]) =>
  rs.filter((r) => ["Deployment", "StatefulSet", "Job"].includes(r.kind)) as Workload[];
const podSpecOf = (w: Workload) => (w.spec.template as unknown as { spec: IIoK8sApiCoreV1PodSpec }).spec;
const podLabels = (w: Workload) => w.spec.template.metadata.labels ?? {};
const containersOf = (w: Workload): IIoK8sApiCoreV1Container[] => [
  ...(podSpecOf(w).initContainers ?? []),
  ...podSpecOf(w).containers,
];

function overlayImage(overlay: Overlay): string {
  const k = parseYamlDocuments(fs.readFileSync(path.join(overlay.dir, "kustomization.yaml"), "utf8"), "k")[0] as {
    images: { name: string; newName: string; newTag: string }[];
  };
  const image = k.images.find((i) => i.name === "zfgs");
  if (!image) throw new Error(`${overlay.name}: no image "zfgs"`);
  return `${image.newName}:${image.newTag}`;
}

/** The platform's own pods: the Deployments and the Job running the app image. */
function appWorkloads(rs: Resource[], image: string): Workload[] {
  return workloads(rs).filter((w) => podSpecOf(w).containers.some((c) => c.image === image));
}

function selectorMatches(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return false;
  if (selector.matchExpressions?.length) throw new Error("matchExpressions are not checked by this test");
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function secretData(rs: Resource[], name: string): Record<string, string> | undefined {
  const secret = rs.find((r) => r.kind === "Secret" && r.metadata.name === name);
  if (!secret) return undefined;
  return Object.fromEntries(
    Object.entries((secret.data ?? {}) as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, "base64").toString("utf8"),
    ]),
  );
}

function configMapData(rs: Resource[], name: string): Record<string, string> | undefined {
  const cm = rs.find((r) => r.kind === "ConfigMap" && r.metadata.name === name);
  return cm ? ((cm.data ?? {}) as Record<string, string>) : undefined;
}

interface EnvValue {
  value: string;
  source: "ConfigMap" | "Secret" | "value" | "fieldRef";
}

/** A container's environment as the kubelet builds it: envFrom in order, then env over it. */
function effectiveEnv(rs: Resource[], w: Workload, c: IIoK8sApiCoreV1Container): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  for (const from of c.envFrom ?? []) {
    if (from.prefix) throw new Error("envFrom.prefix is not checked by this test");
    if (from.configMapRef) {
      const data = configMapData(rs, from.configMapRef.name ?? "");
      if (!data) throw new Error(`${key(w)}: ConfigMap ${from.configMapRef.name} is not rendered`);
      for (const [k, v] of Object.entries(data)) env.set(k, { value: v, source: "ConfigMap" });
    }
    if (from.secretRef) {
      const data = secretData(rs, from.secretRef.name ?? "");
      if (!data) throw new Error(`${key(w)}: Secret ${from.secretRef.name} is not rendered`);
      for (const [k, v] of Object.entries(data)) env.set(k, { value: v, source: "Secret" });
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env.set(e.name, { value: e.value, source: "value" });
    else if (e.valueFrom?.fieldRef) {
      const field = e.valueFrom.fieldRef.fieldPath;
      const value = field === "metadata.name" ? `${w.metadata.name}-0` : (w.metadata.namespace ?? "");
      env.set(e.name, { value, source: "fieldRef" });
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const value = secretData(rs, ref.name ?? "")?.[ref.key];
      if (value === undefined) throw new Error(`${key(w)}: ${e.name}: no key ${ref.key} in Secret ${ref.name}`);
      env.set(e.name, { value, source: "Secret" });
    } else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const value = configMapData(rs, ref.name ?? "")?.[ref.key];
      if (value === undefined) throw new Error(`${key(w)}: ${e.name}: no key ${ref.key} in ConfigMap ${ref.name}`);
      env.set(e.name, { value, source: "ConfigMap" });
    } else {
      env.set(e.name, { value: "", source: "value" });
    }
  }
  return env;
}

const envObject = (env: Map<string, EnvValue>) => Object.fromEntries([...env].map(([k, v]) => [k, v.value]));

/**
 * loadConfig over a container's environment. The files the configuration names must be mounted
 * (loadConfig checks that they exist, which they do only in the pod): checked here, then left out.
 */
function podConfig(rs: Resource[], w: Workload, c: IIoK8sApiCoreV1Container) {
  const values = envObject(effectiveEnv(rs, w, c));
  for (const name of ["SIGNING_P12_FILE", "SIGNING_P12_DIR", "TLOG_SIGNING_KEY_FILE"]) {
    const file = values[name];
    if (!file) continue;
    const mount = (c.volumeMounts ?? []).find((m) => file === m.mountPath || file.startsWith(`${m.mountPath}/`));
    if (!mount) throw new Error(`${key(w)}: ${name}=${file} is not under a mounted volume`);
    values[name] = "";
  }
  return loadConfig(values);
}

/** CPU in cores, memory in bytes. */
function quantity(q: string | number | undefined): number {
  if (q === undefined) return NaN;
  if (typeof q === "number") return q;
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return NaN;
  const factor: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(m[1]) * (m[2] ? (factor[m[2]] as number) : 1);
}

/** A container port by name or number. */
function containerPort(w: Workload, port: string | number | undefined): number | undefined {
  for (const c of podSpecOf(w).containers) {
    for (const p of c.ports ?? []) {
      if (p.name === port || p.containerPort === port) return p.containerPort;
    }
  }
  return undefined;
}

function allProbes(c: IIoK8sApiCoreV1Container): IIoK8sApiCoreV1Probe[] {
  return [c.startupProbe, c.readinessProbe, c.livenessProbe].filter((p): p is IIoK8sApiCoreV1Probe => !!p);
}

function findKubectl(): boolean {
  const r = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0;
}

// ---- the checks ----

describe("lib/config.ts", () => {
  it("reads its variables only as env.NAME or through a helper given (env, NAME)", () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(30);
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(["SERVICES", "DATABASE_URL", "SHUTDOWN_TIMEOUT_MS"]));
    // A name computed any other way would escape the list above.
    const source = read("lib/config.ts");
    expect(source.match(/env\[(?!name\])/g) ?? []).toEqual([]);
    expect(source.match(/process\.env\.[A-Z]/g) ?? []).toEqual([]);
  });
});

describe.each(OVERLAYS)("k8s/overlays/$name", (overlay) => {
  const rs = render(overlay.dir, { files: overlay.files });
  const image = overlayImage(overlay);
  const apps = appWorkloads(rs, image);
  const deployments = apps.filter((w) => w.kind === "Deployment");
  const namespace = rs.find((r) => r.kind === "Namespace")?.metadata.name;

  it("validates against the Kubernetes API schemas, with no unknown field", async () => {
    const problems: string[] = [];
    for (const r of rs) {
      const copy = structuredClone(r);
      // kustomize wraps long base64 values over lines; the API server's decoder skips newlines.
      if (copy.kind === "Secret" && isObj(copy.data)) {
        for (const k of Object.keys(copy.data)) copy.data[k] = String(copy.data[k]).replace(/\n/g, "");
      }
      for (const p of await validateResource(copy)) problems.push(`${key(r)} ${p}`);
    }
    expect(problems).toEqual([]);
  });

  it("puts every object, once, in the overlay's own namespace", () => {
    expect(namespace).toBeTruthy();
    const ids = rs.map((r) => `${key(r)}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rs.filter((r) => r.kind !== "Namespace")) expect(r.metadata.namespace, key(r)).toBe(namespace);
  });

  it("runs one image, one Deployment per service group, every service in exactly one group", () => {
    expect(image).not.toMatch(/:latest$/);
    const groups = deployments.map((d) => {
      const c = podSpecOf(d).containers.find((c) => c.image === image) as IIoK8sApiCoreV1Container;
      return podConfig(rs, d, c).services;
    });
    const all = groups.flat();
    expect([...all].sort()).toEqual([...ALL_SERVICES].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      "accounts-duties",
      "cases-results",
      "documents",
      "feed",
      "feedback",
      "gateway",
      "notices",
    ]);
    // Every other container runs a pinned image too.
    for (const w of workloads(rs)) {
      for (const c of containersOf(w)) expect(c.image, `${key(w)} ${c.name}`).toMatch(/^[^:@]+(:[^:]+|@sha256:.+)$/);
    }
  });

  it("gives every app container every variable lib/config.ts reads, with values loadConfig accepts", () => {
    expect(apps.length).toBe(8); // seven Deployments and the migration Job
    for (const cm of ofKind(rs, "ConfigMap")) {
      const leaked = Object.keys((cm.data ?? {}) as object).filter((k) => SECRET_VARIABLES.includes(k));
      expect(leaked, `ConfigMap ${cm.metadata.name}`).toEqual([]);
    }
    for (const w of apps) {
      for (const c of podSpecOf(w).containers) {
        const env = effectiveEnv(rs, w, c);
        const missing = CONFIG_VARIABLES.filter((name) => !env.has(name));
        expect(missing, `${key(w)}: not provided`).toEqual([]);
        for (const name of SECRET_VARIABLES) expect(env.get(name)?.source, `${key(w)} ${name}`).toBe("Secret");
        for (const e of c.env ?? [])
          expect(SECRET_VARIABLES, `${key(w)}: ${e.name} in plain text`).not.toContain(e.name);
        const config = podConfig(rs, w, c);
        // In the cluster nothing is embedded: the image has no embedded PostgreSQL.
        expect(config.databaseUrl, key(w)).toBeTruthy();
        expect(config.s3, key(w)).toBeDefined();
        expect(config.natsUrl, key(w)).toBeTruthy();
        // DATA_DIR and /tmp are writable volumes (the root filesystem is read-only).
        for (const dir of [config.dataDir, "/tmp"]) {
          const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === dir);
          expect(mount && !mount.readOnly, `${key(w)}: ${dir} is not a writable mount`).toBeTruthy();
          const volume = podSpecOf(w).volumes?.find((v) => v.name === mount?.name);
          expect(volume?.emptyDir, `${key(w)}: ${dir} is not an emptyDir`).toBeDefined();
        }
        // Nothing the app reads from the environment is left to the image or the shell.
        expect(env.get("NODE_ID")?.source, key(w)).toBe("fieldRef");
      }
    }
  });

  it("points NATS_URL, S3_ENDPOINT and PUBLIC_BASE_URL at what the overlay deploys", () => {
    const gateway = deployments.find((d) => d.metadata.name === "gateway") as Workload;
    const env = envObject(effectiveEnv(rs, gateway, podSpecOf(gateway).containers[0] as IIoK8sApiCoreV1Container));
    const services = ofKind<IService & Resource>(rs, "Service");
    const servicePort = (url: string) => {
      const u = new URL(url);
      const svc = services.find((s) => s.metadata.name === u.hostname);
      return svc?.spec?.ports?.find((p) => p.port === Number(u.port));
    };
    expect(servicePort(env.NATS_URL as string), env.NATS_URL).toBeDefined();
    expect(servicePort(env.S3_ENDPOINT as string), env.S3_ENDPOINT).toBeDefined();
    const hosts = ofKind<IIngress>(rs, "Ingress").flatMap((i) => i.spec?.rules?.map((r) => r.host) ?? []);
    expect(hosts).toContain(new URL(env.PUBLIC_BASE_URL as string).hostname);
    // PostgreSQL: the dev StatefulSet's Service, or outside the cluster in prod.
    const db = new URL(env.DATABASE_URL as string);
    if (overlay.name === "dev") expect(servicePort(env.DATABASE_URL as string), db.host).toBeDefined();
    else {
      expect(services.map((s) => s.metadata?.name)).not.toContain(db.hostname);
      expect(workloads(rs).map((w) => w.metadata.name)).not.toContain("postgres");
    }
  });

  it("believes X-Forwarded-For and -Proto only from the ingress controller's addresses, never from any peer", () => {
    const gateway = deployments.find((d) => d.metadata.name === "gateway") as Workload;
    const config = podConfig(rs, gateway, podSpecOf(gateway).containers[0] as IIoK8sApiCoreV1Container);
    expect(config.trustProxy).toBe(true);
    // A list of proxies, not `true` (any peer, so any pod reaching the gateway directly).
    const proxies = config.trustedProxies ?? [];
    expect(proxies.length).toBeGreaterThan(0);
    for (const cidr of proxies) {
      const [address, prefix = "128"] = cidr.split("/");
      const bits = Number(prefix);
      // Nothing as wide as a whole private range, let alone the internet.
      expect(bits, cidr).toBeGreaterThanOrEqual(net.isIPv4(address as string) ? 12 : 48);
    }
  });

  it("gives app pods longer to stop than SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS", () => {
    for (const w of apps) {
      const config = podConfig(rs, w, podSpecOf(w).containers[0] as IIoK8sApiCoreV1Container);
      const grace = podSpecOf(w).terminationGracePeriodSeconds ?? 30;
      expect(grace, key(w)).toBeGreaterThan(config.shutdownTimeoutMs / 1000);
      expect(grace, key(w)).toBeGreaterThan((config.shutdownDrainMs + config.shutdownTimeoutMs) / 1000);
    }
  });

  it("probes: the gateway's health endpoints, honest exec probes elsewhere", () => {
    for (const w of workloads(rs).filter((w) => w.kind !== "Job")) {
      for (const c of podSpecOf(w).containers) {
        expect(c.readinessProbe, `${key(w)} readiness`).toBeDefined();
        expect(c.livenessProbe, `${key(w)} liveness`).toBeDefined();
        for (const probe of allProbes(c)) {
          if (probe.httpGet) expect(containerPort(w, probe.httpGet.port), `${key(w)} probe port`).toBeDefined();
          if (probe.tcpSocket) expect(containerPort(w, probe.tcpSocket.port), `${key(w)} probe port`).toBeDefined();
        }
      }
    }
    const gateway = deployments.find((d) => d.metadata.name === "gateway") as Workload;
    const c = podSpecOf(gateway).containers[0] as IIoK8sApiCoreV1Container;
    const port = Number(envObject(effectiveEnv(rs, gateway, c)).PORT);
    expect(c.readinessProbe?.httpGet?.path).toBe("/health/ready");
    expect(c.livenessProbe?.httpGet?.path).toBe("/health/live");
    expect(containerPort(gateway, c.readinessProbe?.httpGet?.port)).toBe(port);
    expect(containerPort(gateway, c.livenessProbe?.httpGet?.port)).toBe(port);

    // The others have no HTTP port: their exec probes run the scripts of the zfgs-probes ConfigMap.
    for (const d of deployments.filter((d) => d !== gateway)) {
      const container = podSpecOf(d).containers[0] as IIoK8sApiCoreV1Container;
      expect(container.ports ?? [], key(d)).toEqual([]);
      for (const [probe, script] of [
        [container.readinessProbe, "nats-connected.mjs"],
        [container.livenessProbe, "alive.mjs"],
      ] as const) {
        const command = probe?.exec?.command ?? [];
        expect(command[0], key(d)).toBe("node");
        const file = command[1] as string;
        expect(path.basename(file)).toBe(script);
        const mount = container.volumeMounts?.find((m) => path.dirname(file) === m.mountPath);
        const volume = podSpecOf(d).volumes?.find((v) => v.name === mount?.name);
        const data = configMapData(rs, volume?.configMap?.name ?? "");
        expect(data?.[script], `${key(d)}: ${file} is not mounted`).toBe(read(`k8s/base/probes/${script}`));
      }
    }
  });

  it("sets requests and limits on every container, requests within limits", () => {
    for (const w of workloads(rs)) {
      for (const c of containersOf(w)) {
        for (const resource of ["cpu", "memory"]) {
          const request = quantity(c.resources?.requests?.[resource] as string | undefined);
          const limit = quantity(c.resources?.limits?.[resource] as string | undefined);
          expect(request, `${key(w)} ${c.name} ${resource} request`).toBeGreaterThan(0);
          expect(limit, `${key(w)} ${c.name} ${resource} limit`).toBeGreaterThanOrEqual(request);
        }
      }
    }
  });

  it("runs every pod as non-root, read-only, without privileges or a service account token", () => {
    for (const w of workloads(rs)) {
      const spec = podSpecOf(w);
      expect(spec.automountServiceAccountToken, key(w)).toBe(false);
      expect(spec.securityContext?.runAsNonRoot, key(w)).toBe(true);
      expect(spec.securityContext?.runAsUser, key(w)).toBeGreaterThan(0);
      expect(spec.securityContext?.seccompProfile?.type, key(w)).toBe("RuntimeDefault");
      for (const c of containersOf(w)) {
        const where = `${key(w)} ${c.name}`;
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(c.securityContext?.capabilities?.drop, where).toEqual(["ALL"]);
        expect(c.securityContext?.privileged ?? false, where).toBe(false);
        expect(c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser, where).not.toBe(0);
      }
    }
  });

  it("mounts only volumes that exist, from objects that are rendered or documented", () => {
    for (const w of workloads(rs)) {
      const spec = podSpecOf(w);
      const claims = (
        (w.spec as { volumeClaimTemplates?: { metadata: { name: string } }[] }).volumeClaimTemplates ?? []
      ).map((t) => t.metadata.name);
      const names = [...(spec.volumes ?? []).map((v) => v.name), ...claims];
      expect(new Set(names).size, key(w)).toBe(names.length);
      for (const c of containersOf(w)) {
        for (const m of c.volumeMounts ?? []) expect(names, `${key(w)} mount ${m.mountPath}`).toContain(m.name);
      }
      for (const v of spec.volumes ?? []) {
        if (v.configMap) expect(configMapData(rs, v.configMap.name ?? ""), `${key(w)} ${v.name}`).toBeDefined();
        if (v.secret) {
          const name = v.secret.secretName ?? "";
          const known = secretData(rs, name) !== undefined || overlay.externalSecrets.includes(name);
          expect(known, `${key(w)}: Secret ${name}`).toBe(true);
        }
      }
    }
    for (const ingress of ofKind<IIngress>(rs, "Ingress")) {
      for (const tls of ingress.spec?.tls ?? []) expect(overlay.externalSecrets).toContain(tls.secretName);
    }
  });

  it("matches selectors to pod labels and Services to existing ports", () => {
    const all = workloads(rs);
    for (const w of all) {
      const selector = (w.spec as { selector?: { matchLabels?: Record<string, string> } }).selector;
      if (w.kind === "Job") continue;
      expect(selectorMatches(selector, podLabels(w)), `${key(w)} selects its own pods`).toBe(true);
      for (const other of all.filter((o) => o !== w)) {
        expect(selectorMatches(selector, podLabels(other)), `${key(w)} also selects ${key(other)}`).toBe(false);
      }
    }
    for (const svc of ofKind<IService & Resource>(rs, "Service")) {
      const targets = all.filter((w) => selectorMatches({ matchLabels: svc.spec?.selector }, podLabels(w)));
      expect(targets.length, `Service ${svc.metadata.name} selects one workload`).toBe(1);
      for (const p of svc.spec?.ports ?? []) {
        expect(
          containerPort(targets[0] as Workload, p.targetPort ?? p.port),
          `${svc.metadata.name}:${p.port}`,
        ).toBeDefined();
      }
      // Only the Ingress reaches in from outside.
      expect(svc.spec?.type ?? "ClusterIP", svc.metadata.name).toBe("ClusterIP");
    }
    for (const sts of all.filter((w) => w.kind === "StatefulSet")) {
      const serviceName = (sts.spec as { serviceName?: string }).serviceName;
      const svc = ofKind<IService & Resource>(rs, "Service").find((s) => s.metadata.name === serviceName);
      expect(svc?.spec?.clusterIP, `${key(sts)} serviceName ${serviceName}`).toBe("None");
      expect(selectorMatches({ matchLabels: svc?.spec?.selector }, podLabels(sts))).toBe(true);
    }
  });

  it("serves the gateway's metrics on METRICS_PORT, scraped from the pods, never through the Service or the Ingress", () => {
    const gateway = deployments.find((d) => d.metadata.name === "gateway") as Workload;
    const c = podSpecOf(gateway).containers[0] as IIoK8sApiCoreV1Container;
    const config = podConfig(rs, gateway, c);
    expect(config.metricsPort).toBeGreaterThan(0);
    expect(config.metricsPort).not.toBe(config.port);
    expect(containerPort(gateway, "metrics")).toBe(config.metricsPort);
    const annotations = (gateway.spec.template.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    expect(annotations["prometheus.io/port"]).toBe(String(config.metricsPort));
    expect(annotations["prometheus.io/path"]).toBe("/metrics");
    for (const svc of ofKind<IService & Resource>(rs, "Service")) {
      if (!selectorMatches({ matchLabels: svc.spec?.selector }, podLabels(gateway))) continue;
      for (const p of svc.spec?.ports ?? []) {
        expect(containerPort(gateway, p.targetPort ?? p.port), `Service ${svc.metadata.name}:${p.port}`).not.toBe(
          config.metricsPort,
        );
      }
    }
  });

  it("routes the Ingress to the gateway's Service only", () => {
    const ingresses = ofKind<IIngress>(rs, "Ingress");
    expect(ingresses.length).toBe(1);
    const services = ofKind<IService & Resource>(rs, "Service");
    for (const ingress of ingresses) {
      for (const rule of ingress.spec?.rules ?? []) {
        expect(rule.host).toBeTruthy();
        for (const p of rule.http?.paths ?? []) {
          const backend = p.backend.service;
          expect(backend?.name).toBe("gateway");
          const svc = services.find((s) => s.metadata.name === backend?.name);
          const port = svc?.spec?.ports?.find(
            (sp) => sp.name === backend?.port?.name || sp.port === backend?.port?.number,
          );
          expect(port, `${backend?.name}:${backend?.port?.name ?? backend?.port?.number}`).toBeDefined();
        }
      }
    }
  });

  it("covers every Deployment and StatefulSet with one PodDisruptionBudget", () => {
    const pdbs = ofKind<IPodDisruptionBudget & Resource>(rs, "PodDisruptionBudget");
    for (const w of workloads(rs).filter((w) => w.kind !== "Job")) {
      const covering = pdbs.filter((p) => selectorMatches(p.spec?.selector, podLabels(w)));
      if (w.metadata.name === "postgres") {
        // The dev database has one replica: a budget would only block node drains.
        expect(covering.length).toBe(0);
        continue;
      }
      expect(covering.length, `${key(w)} PodDisruptionBudgets`).toBe(1);
      const budget = covering[0]?.spec;
      expect(budget?.maxUnavailable ?? budget?.minAvailable, key(w)).toBeDefined();
    }
    for (const p of pdbs) {
      expect(
        workloads(rs).some((w) => selectorMatches(p.spec?.selector, podLabels(w))),
        p.metadata.name,
      ).toBe(true);
    }
  });

  it("autoscales the gateway and the notices service", () => {
    const hpas = ofKind<IHorizontalPodAutoscaler & Resource>(rs, "HorizontalPodAutoscaler");
    expect(hpas.map((h) => h.spec?.scaleTargetRef.name).sort()).toEqual(["gateway", "notices"]);
    for (const hpa of hpas) {
      const ref = hpa.spec?.scaleTargetRef;
      const target = deployments.find((d) => d.kind === ref?.kind && d.metadata.name === ref?.name);
      expect(target, `${hpa.metadata.name} target`).toBeDefined();
      // The HPA owns the count: a replicas field would reset it on every apply.
      expect((target?.spec as { replicas?: number }).replicas, `${ref?.name}.spec.replicas`).toBeUndefined();
      expect(hpa.spec?.minReplicas ?? 1).toBeLessThanOrEqual(hpa.spec?.maxReplicas ?? 0);
      if (overlay.name === "prod") expect(hpa.spec?.minReplicas ?? 1).toBeGreaterThanOrEqual(2);
      // Utilization is relative to the requests.
      for (const c of podSpecOf(target as Workload).containers) expect(c.resources?.requests?.cpu).toBeDefined();
    }
  });

  it("lets only the gateway in from outside, and only our pods reach NATS, MinIO and PostgreSQL", () => {
    const policies = ofKind<INetworkPolicy & Resource>(rs, "NetworkPolicy");
    const ingressPolicies = (w: Workload) =>
      policies.filter(
        (p) =>
          (p.spec?.policyTypes ?? ["Ingress"]).includes("Ingress") &&
          (Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0 ||
            selectorMatches(p.spec?.podSelector, podLabels(w))),
      );
    const all = workloads(rs);
    const portOf = (w: Workload, port: string | number | undefined) => containerPort(w, port);

    const denyAll = policies.find(
      (p) =>
        Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0 &&
        !p.spec?.podSelector?.matchExpressions?.length &&
        p.spec?.policyTypes?.includes("Ingress") &&
        !p.spec?.ingress?.length,
    );
    expect(denyAll, "a default deny-all ingress policy").toBeDefined();

    for (const w of all) {
      const rules = ingressPolicies(w).flatMap((p) => p.spec?.ingress ?? []);
      if (w.metadata.name === "gateway") {
        const port = portOf(w, "http");
        const metricsPort = portOf(w, "metrics");
        expect(rules.length).toBeGreaterThan(0);
        for (const rule of rules) {
          expect(rule.ports?.length, "a gateway rule names its ports").toBeGreaterThan(0);
          for (const p of rule.ports ?? []) {
            // Anyone reaches the HTTP port; the metrics port only the peers a rule names.
            if (rule.from?.length) expect([port, metricsPort]).toContain(portOf(w, p.port));
            else expect(portOf(w, p.port)).toBe(port);
          }
        }
        expect(rules.some((r) => !r.from?.length)).toBe(true);
      } else if (apps.includes(w)) {
        expect(rules, `${key(w)} takes no connections`).toEqual([]);
      } else {
        // A data store: every rule names pods of this namespace that are ours.
        for (const rule of rules) {
          expect(rule.from?.length, `${key(w)}: a rule open to everyone`).toBeGreaterThan(0);
          for (const peer of rule.from ?? []) {
            expect(peer.namespaceSelector ?? peer.ipBlock, `${key(w)}: a peer outside the namespace`).toBeUndefined();
            expect(
              all.some((o) => selectorMatches(peer.podSelector, podLabels(o))),
              `${key(w)} peer`,
            ).toBe(true);
            const strangers = { "app.kubernetes.io/name": "someone-else" };
            expect(selectorMatches(peer.podSelector, strangers), `${key(w)}: peer selects anything`).toBe(false);
          }
        }
        // Every app pod reaches the store's client port (the port of its ClusterIP Service).
        const svc = ofKind<IService & Resource>(rs, "Service").find(
          (s) => s.spec?.clusterIP !== "None" && selectorMatches({ matchLabels: s.spec?.selector }, podLabels(w)),
        );
        const clientPort = portOf(w, svc?.spec?.ports?.[0]?.targetPort);
        expect(clientPort, `${key(w)} client port`).toBeDefined();
        for (const app of apps) {
          const allowed = rules.some(
            (r) =>
              (r.from ?? []).some((peer) => selectorMatches(peer.podSelector, podLabels(app))) &&
              (r.ports ?? []).some((p) => portOf(w, p.port) === clientPort),
          );
          expect(allowed, `${key(app)} → ${key(w)}:${clientPort}`).toBe(true);
        }
      }
    }
  });

  it("runs the migrations as a Job: npm run migrate, retried, bounded", () => {
    const job = apps.find((w) => w.kind === "Job") as Workload;
    expect(job).toBeDefined();
    const spec = job.spec as unknown as { backoffLimit?: number; activeDeadlineSeconds?: number };
    const c = podSpecOf(job).containers[0] as IIoK8sApiCoreV1Container;
    expect([...(c.command ?? []), ...(c.args ?? [])].join(" ")).toBe("npm run migrate");
    expect(JSON.parse(read("package.json")).scripts.migrate).toMatch(/src\/migrate\.ts/);
    expect(["Never", "OnFailure"]).toContain(podSpecOf(job).restartPolicy);
    expect(spec.backoffLimit).toBeGreaterThan(0);
    expect(spec.activeDeadlineSeconds).toBeGreaterThan(0);
  });

  // Registered for the dev overlay only (prod has its own checks below), so nothing shows as skipped.
  const itDev = overlay.name === "dev" ? it : () => undefined;
  itDev("dev: PostgreSQL, NATS and MinIO as single StatefulSets", () => {
    const sts = (name: string) => workloads(rs).find((w) => w.kind === "StatefulSet" && w.metadata.name === name);
    for (const name of ["postgres", "nats", "minio"]) {
      expect((sts(name)?.spec as { replicas?: number })?.replicas, name).toBe(1);
    }
  });

  it("NATS: JetStream on a persistent volume; prod a 3-node cluster with a route to each pod", () => {
    const nats = workloads(rs).find((w) => w.kind === "StatefulSet" && w.metadata.name === "nats") as Workload;
    const replicas = (nats.spec as { replicas?: number }).replicas ?? 1;
    expect(replicas).toBe(overlay.name === "prod" ? 3 : 1);
    const configVolume = podSpecOf(nats).volumes?.find((v) => v.configMap);
    const conf = configMapData(rs, configVolume?.configMap?.name ?? "")?.["nats.conf"] ?? "";
    const storeDir = /jetstream\s*\{[^}]*store_dir:\s*(\S+)/.exec(conf)?.[1];
    const mounts = podSpecOf(nats).containers[0]?.volumeMounts ?? [];
    const claims = (nats.spec as unknown as { volumeClaimTemplates: { metadata: { name: string } }[] })
      .volumeClaimTemplates;
    const dataMount = mounts.find((m) => m.mountPath === storeDir);
    expect(
      claims.map((c) => c.metadata.name),
      `JetStream store_dir ${storeDir} on a claim`,
    ).toContain(dataMount?.name);
    const serviceName = (nats.spec as { serviceName?: string }).serviceName;
    const routes = [...conf.matchAll(/nats:\/\/([a-z0-9-]+)\.([a-z0-9-]+):6222/g)];
    if (replicas > 1) {
      expect(/cluster\s*\{/.test(conf)).toBe(true);
      expect(routes.map((m) => m[1]).sort()).toEqual(
        Array.from({ length: replicas }, (_, i) => `${nats.metadata.name}-${i}`).sort(),
      );
      for (const m of routes) expect(m[2]).toBe(serviceName);
    } else {
      expect(routes).toEqual([]);
    }
  });

  it("MinIO: one server in dev, distributed over 4 in prod", () => {
    const minio = workloads(rs).find((w) => w.kind === "StatefulSet" && w.metadata.name === "minio") as Workload;
    const replicas = (minio.spec as { replicas?: number }).replicas ?? 1;
    const args = podSpecOf(minio).containers[0]?.args ?? [];
    if (overlay.name === "prod") {
      expect(replicas).toBe(4);
      const serviceName = (minio.spec as { serviceName?: string }).serviceName;
      const endpoint = args.find((a) => a.startsWith("http://"));
      expect(endpoint).toBe(
        `http://minio-{0...${replicas - 1}}.${serviceName}.$(POD_NAMESPACE).svc.cluster.local/data`,
      );
      const env = podSpecOf(minio).containers[0]?.env ?? [];
      expect(env.find((e) => e.name === "POD_NAMESPACE")?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.namespace");
    } else {
      expect(replicas).toBe(1);
      expect(args).toContain("/data");
    }
    // Its root credentials are the keys the platform uses.
    const env = podSpecOf(minio).containers[0]?.env ?? [];
    expect(env.find((e) => e.name === "MINIO_ROOT_USER")?.valueFrom?.secretKeyRef?.key).toBe("S3_ACCESS_KEY");
    expect(env.find((e) => e.name === "MINIO_ROOT_PASSWORD")?.valueFrom?.secretKeyRef?.key).toBe("S3_SECRET_KEY");
  });
});

describe.runIf(findKubectl())("the renderer against kubectl kustomize", () => {
  it.each(OVERLAYS)("renders $name exactly as kubectl kustomize does", (overlay) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-k8s-"));
    try {
      fs.cpSync(K8S, path.join(tmp, "k8s"), { recursive: true });
      for (const [file, content] of Object.entries(overlay.files)) {
        fs.writeFileSync(path.join(tmp, path.relative(ROOT, file)), content);
      }
      const dir = path.join(tmp, path.relative(ROOT, overlay.dir));
      const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 60_000 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const byId = (list: unknown[]) =>
        new Map(
          (list as Resource[]).map((x) => [`${x.kind}/${x.metadata.namespace ?? ""}/${x.metadata.name}`, x] as const),
        );
      const theirs = byId(parseYamlDocuments(r.stdout, "kubectl kustomize"));
      const ours = byId(JSON.parse(JSON.stringify(render(dir))) as unknown[]);
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
      for (const [id, resource] of ours) {
        if (!isDeepStrictEqual(resource, theirs.get(id))) expect(resource, id).toEqual(theirs.get(id));
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("the renderer", () => {
  it("names generated objects with kustomize's hash", () => {
    // Printed by kubectl kustomize (kustomize v5.5.0) for the same generators.
    expect(kustomizeHash({ kind: "ConfigMap", data: { A: "1" } })).toBe("89g4tffbfk");
    expect(kustomizeHash({ kind: "ConfigMap", data: { A: "1", B: "行政" } })).toBe("48779h8dhf");
    expect(kustomizeHash({ kind: "Secret", type: "Opaque", data: { X: Buffer.from("<y>&").toString("base64") } })).toBe(
      "t6bb6kdkfc",
    );
  });

  it("refuses what is outside its subset instead of ignoring it", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-k8s-"));
    try {
      fs.writeFileSync(path.join(tmp, "kustomization.yaml"), "commonLabels:\n  a: b\n");
      expect(() => render(tmp)).toThrow(/outside the supported subset/);
      fs.writeFileSync(path.join(tmp, "kustomization.yaml"), "resources: [cm.yaml]\n");
      fs.writeFileSync(
        path.join(tmp, "cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: yes}\n",
      );
      expect(() => render(tmp)).toThrow(/YAML 1.1 and 1.2/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.platform === "linux")("the exec probes of pods without HTTP", () => {
  const run = (script: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(K8S, "base/probes", script)], {
      env: { ...process.env, ...env },
      timeout: 20_000,
    }).status;

  it("nats-connected.mjs: ready only with an established connection to NATS_URL's port", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const NATS_URL = `nats://127.0.0.1:${port}`;
    try {
      expect(run("nats-connected.mjs", { NATS_URL })).toBe(1); // listening, nobody connected
      const accepted = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
      const client = net.connect(port, "127.0.0.1");
      const peer = await accepted;
      expect(run("nats-connected.mjs", { NATS_URL })).toBe(0);
      client.destroy();
      peer.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("alive.mjs: fails for a stopped process", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const PROBE_PID = String(child.pid);
      expect(run("alive.mjs", { PROBE_PID })).toBe(0);
      child.kill("SIGSTOP");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(run("alive.mjs", { PROBE_PID })).toBe(1);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const dev = render(path.join(K8S, "overlays/dev"));

  it("builds on Node 22 or 24 with production dependencies only and runs the bundle npm start runs", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)[.\w-]*$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/node --import tsx src\/build\.ts/);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.mjs"\]$/m);
    const pkg = JSON.parse(read("package.json"));
    expect(pkg.scripts.start).toMatch(/node dist\/main\.mjs$/);
    for (const dep of ["tsx", "esbuild"]) expect(pkg.dependencies[dep]).toBeDefined();
    for (const dir of ["src", "lib", "shared", "services", "web"])
      expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} `, "m"));
  });

  it("runs as the user the pods run as, with the DATA_DIR and ports the manifests use", () => {
    const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    const app = appWorkloads(dev, "zfgs:dev");
    for (const w of app) expect(podSpecOf(w).securityContext?.runAsUser).toBe(Number(user?.[1]));
    const config = configMapData(dev, dev.find((r) => r.metadata.name.startsWith("zfgs-config-"))?.metadata.name ?? "");
    expect(dockerfile).toMatch(new RegExp(`DATA_DIR=${config?.DATA_DIR}\\b`));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${config?.PORT} ${config?.METRICS_PORT}$`, "m"));
  });

  it("keeps dependencies, data and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", ".git", ".data", "**/*.env", "**/*.p12"]) expect(ignored).toContain(entry);
  });
});
