/**
 * Subscriptions (issue 20): the public follows changes without polling — by e-mail (double opt-in,
 * immediate or digest, one-click unsubscribe), by Standard Webhooks or by a private Atom feed. The
 * feed's change stream is matched into durable deliveries (app/match.ts) and sent with retries
 * (app/deliver.ts) on a timer. Officers have no action here: subscribers' addresses stay with them.
 */
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import pg from "pg";
import type { Meta } from "../../lib/auth.js";
import type { ActionContext } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { errorSummary } from "../../lib/errors.js";
import { clientKeyOf, RateLimitedError } from "../../lib/rate-limit.js";
import type { Runtime } from "../../lib/runtime.js";
import { subscriptionAtom } from "./app/atom.js";
import { deliverDue } from "./app/deliver.js";
import type { SubscriptionsDeps } from "./app/deps.js";
import { callbackGuard } from "./app/http.js";
import { createMailer } from "./app/mail.js";
import { matchChanges } from "./app/match.js";
import { confirm, manageView, replay, setFrequency, subscribe, unsubscribe } from "./app/subscribe.js";
import { subscriptions } from "./contract.js";
import { DATABASE } from "./database.js";
import { hubRequest, processHubRequests } from "./app/websub.js";
import { prune } from "./app/prune.js";

interface Vars extends DatabaseVars {
  pool: pg.Pool;
  deps: SubscriptionsDeps;
  timer?: NodeJS.Timeout;
  /** The pass under way: the timer does not start another beside it. */
  running?: Promise<unknown>;
  /** When the last pass pruned what is not kept (app/prune.ts). */
  prunedAt: number;
  /** Asked for another pass while one ran. */
  again?: boolean;
  stopping?: boolean;
}
interface Methods extends DatabaseMethods {
  kick(): void;
  pass(now?: Date): Promise<{ matched: number; delivered: number }>;
}

type Ctx<A> = ActionContext<A, Meta & { clientIp?: string }>;

function unsubscribeHandler(this: Vars, ctx: Ctx<typeof subscriptions.unsubscribe>) {
  return unsubscribe(this.deps, ctx.params.id, ctx.params.token);
}

export function subscriptionsService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const settings = config.subscriptions;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "subscriptions",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      subscribe: {
        rest: "POST /public/subscriptions",
        summary:
          "Subscribe to changes by e-mail (double opt-in), webhook (Standard Webhooks; the secret is in this answer) or private Atom feed",
        params: subscriptions.subscribe.params,
        async handler(ctx: Ctx<typeof subscriptions.subscribe>) {
          try {
            const reply = await subscribe(
              this.deps,
              { ...ctx.params, clientKey: clientKeyOf(config.namespace, ctx.meta.clientIp) },
              settings.rate,
            );
            ctx.meta.$statusCode = 201;
            return reply;
          } catch (err) {
            if (err instanceof RateLimitedError) ctx.meta.$responseHeaders = { "Retry-After": String(err.retryAfter) };
            throw err;
          }
        },
      },

      confirm: {
        rest: "POST /public/subscriptions/confirm",
        summary: "Confirm an e-mail subscription with the token its confirmation mail carries",
        params: subscriptions.confirm.params,
        handler(ctx: Ctx<typeof subscriptions.confirm>) {
          return confirm(this.deps, ctx.params.token);
        },
      },

      get: {
        rest: "GET /public/subscriptions/:id",
        summary: "A subscription and its delivery log, for whoever holds its manage token",
        params: subscriptions.get.params,
        handler(ctx: Ctx<typeof subscriptions.get>) {
          ctx.meta.$responseHeaders = { "Cache-Control": "no-store" };
          return manageView(this.deps, ctx.params.id, ctx.params.token);
        },
      },

      setFrequency: {
        rest: "PATCH /public/subscriptions/:id",
        summary: "Change how often an e-mail subscription is sent: immediate, daily or weekly (manage token)",
        params: subscriptions.setFrequency.params,
        handler(ctx: Ctx<typeof subscriptions.setFrequency>) {
          return setFrequency(this.deps, ctx.params.id, ctx.params.token, ctx.params.frequency);
        },
      },

      unsubscribe: {
        rest: "DELETE /public/subscriptions/:id",
        summary: "End a subscription (manage token)",
        params: subscriptions.unsubscribe.params,
        handler: unsubscribeHandler,
      },

      // The same as DELETE, at the URI a mail's List-Unsubscribe names (a mail client only POSTs).
      oneClickUnsubscribe: {
        rest: "POST /public/subscriptions/:id/unsubscribe",
        summary: "One-click unsubscribe (RFC 8058 List-Unsubscribe-Post) from a subscription's mails",
        params: subscriptions.oneClickUnsubscribe.params,
        handler: unsubscribeHandler,
      },

      replay: {
        rest: "POST /public/subscriptions/:id/replay",
        summary:
          "Send a webhook's deliveries since `since` again (same webhook-id); re-enables a disabled endpoint after a new test delivery",
        params: subscriptions.replay.params,
        handler(ctx: Ctx<typeof subscriptions.replay>) {
          return replay(this.deps, ctx.params.id, ctx.params.token, ctx.params.since);
        },
      },

      atom: {
        rest: "GET /public/subscriptions/:id/atom",
        summary: "A subscription's private Atom feed (its feed token)",
        params: subscriptions.atom.params,
        async handler(ctx: Ctx<typeof subscriptions.atom>) {
          const xml = await subscriptionAtom(this.deps, ctx.params.id, ctx.params.token);
          ctx.meta.$responseType = "application/atom+xml; charset=utf-8";
          ctx.meta.$responseHeaders = { "Cache-Control": "private, max-age=60" };
          return xml;
        },
      },

      hub: {
        visibility: "public",
        params: subscriptions.hub.params,
        async handler(ctx: Ctx<typeof subscriptions.hub>) {
          await hubRequest(this.deps, ctx.params, clientKeyOf(config.namespace, ctx.meta.clientIp), settings.rate);
          return { accepted: true as const };
        },
      },

      tick: {
        visibility: "public",
        params: subscriptions.tick.params,
        handler(ctx: Ctx<typeof subscriptions.tick>) {
          return this.pass(ctx.params.now);
        },
      },
    },

    events: {
      /** SIGTERM: take no new work from the timer; what runs now finishes. */
      "$shutdown.begin"() {
        clearInterval(this.timer);
        this.stopping = true;
      },
      /** The feed applied changes: match and send them now (the timer is the fallback). */
      "feed.changed"() {
        if (settings.deliverySeconds > 0) this.kick();
      },
    },

    methods: {
      /** A pass now, or right after the one under way (never two beside each other). */
      kick() {
        if (this.stopping) return;
        if (this.running) {
          this.again = true;
          return;
        }
        this.again = false;
        this.running = this.pass()
          .catch((err: unknown) => this.logger.debug("subscriptions: pass failed:", errorSummary(err)))
          .finally(() => {
            this.running = undefined;
            if (this.again) this.kick();
          });
      },

      async pass(now?: Date) {
        const at = now ?? this.deps.now();
        // Sending needs neither the bus nor the feed: a feed away (or NATS down) only delays the matching.
        await processHubRequests(this.deps);
        // The feed may start after us (asking it anyway makes the broker warn on every clean start).
        const feedUp = this.broker.registry.getActionEndpoints("feed.changesSince")?.hasAvailable();
        const matched = !feedUp
          ? 0
          : await matchChanges(this.deps).catch((err: unknown) => {
              this.logger.debug("subscriptions: changes not matched:", errorSummary(err));
              return 0;
            });
        const delivered = await deliverDue(this.deps, at);
        if (at.getTime() - this.prunedAt >= 3600_000) {
          this.prunedAt = at.getTime();
          await prune(this.deps, at);
        }
        return { matched, delivered };
      },
    },

    created() {
      this.pool = new pg.Pool({ connectionString: rt.databaseUrl, max: Math.min(5, config.databasePoolMax) });
      this.pool.on("error", (err) => this.logger.warn("subscriptions pool:", err.message));
      this.deps = {
        db: this.pool,
        caller: this.broker,
        log: this.logger,
        mailer: createMailer({ smtpUrl: settings.smtpUrl, from: settings.mailFrom, dataDir: config.dataDir }),
        guard: callbackGuard(settings.allowHosts),
        publicBaseUrl: config.publicBaseUrl,
        webhookTimeoutMs: settings.webhookTimeoutSeconds * 1000,
        now: () => new Date(),
      };
      this.prunedAt = 0;
    },

    async started() {
      if (settings.deliverySeconds === 0) return;
      this.kick();
      this.timer = setInterval(() => this.kick(), settings.deliverySeconds * 1000);
      this.timer.unref();
    },

    async stopped() {
      clearInterval(this.timer);
      await this.running;
      this.deps.mailer.close();
      await this.pool.end();
    },
  };
  return schema as ServiceSchema;
}
