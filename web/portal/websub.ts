/**
 * The WebSub hub's address (W3C WebSub §5): a subscriber POSTs `hub.mode`, `hub.topic`,
 * `hub.callback` and optionally `hub.lease_seconds` and `hub.secret` as a form. 202 when the request
 * will be verified (services/subscriptions/app/websub.ts), else 4xx with why in plain text.
 */
import type { ServerResponse } from "node:http";
import { call } from "../../lib/contract.js";
import { subscriptions } from "../../services/subscriptions/contract.js";
import { formBody, statusOf, type Handler } from "../../services/gateway/web.js";
import { WEBSUB_PATH } from "../../shared/atom.js";

function answer(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(`${text}\n`);
}

/** Why a request was refused: each field's problem, or the error's own words; never an internal's. */
function refusal(err: unknown, status: number): string {
  if (status >= 500) return "The hub cannot take the request now; try again later.";
  const data = (err as { data?: unknown }).data;
  if (Array.isArray(data))
    return data.map((p: { field?: string; message?: string }) => `${p.field}: ${p.message}`).join("\n");
  return String((err as Error).message);
}

export function websubRoutes(): Record<string, Handler> {
  return {
    [`POST ${WEBSUB_PATH}`]: async (req, res) => {
      try {
        const form = await formBody(req);
        const field = (name: string) => (form[name] === undefined || form[name] === "" ? undefined : form[name]);
        const lease = field("hub.lease_seconds");
        await call(req.$ctx, subscriptions.hub, {
          mode: field("hub.mode") as "subscribe",
          topic: field("hub.topic") as string,
          callback: field("hub.callback") as string,
          ...(lease !== undefined ? { leaseSeconds: lease as unknown as number } : {}),
          ...(field("hub.secret") !== undefined ? { secret: field("hub.secret") } : {}),
        });
        answer(res, 202, "Accepted: the hub will verify the subscriber's intent at the callback.");
      } catch (err) {
        // Any 4xx refuses (WebSub §5.1): 400 for a callback the hub will not call, 422 for a field it cannot use.
        const status = statusOf(err);
        if (status === 429)
          res.setHeader("Retry-After", String((err as { data?: { retryAfter?: number } }).data?.retryAfter ?? 60));
        answer(res, status, refusal(err, status));
      }
    },
  };
}
