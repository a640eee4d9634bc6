/**
 * While a service is away (its process stopped, killed, restarting, or the bus down), every route
 * that needs it answers 503 with Retry-After, never 404 or a 504 after the whole request timeout.
 */
import { Errors } from "moleculer";

/** What a client waits before trying again: about the time a restarting pod takes to answer. */
export const RETRY_AFTER_SECONDS = 5;

export interface Check {
  ok: boolean;
  error?: string;
  /** What a passing check still reports (the witnesses' state). */
  detail?: string;
}

type AnyMoleculerError = InstanceType<typeof Errors.MoleculerError>;

/**
 * The 503 an error stands for, or undefined when it is not an outage:
 * - a service not found or with no available node (Moleculer answers 404 for both);
 * - moleculer-web's "no such route" while the platform checks fail (the routes of a service that
 *   left are gone only until it is back);
 * - a call that timed out while the platform checks fail or on a node that has gone silent.
 */
export function outageOf(
  error: AnyMoleculerError,
  failingChecks: () => Record<string, Check>,
  responsive: (nodeID: string) => boolean,
): AnyMoleculerError | undefined {
  const away = error.type === "SERVICE_NOT_FOUND" || error.type === "SERVICE_NOT_AVAILABLE";
  const notRouted = error.code === 404 && error.type === "NOT_FOUND" && error.message === "Not found";
  if (!away && !notRouted && error.code !== 504) return undefined;
  const problems = failingChecks();
  const degraded = Object.keys(problems).length > 0;
  const nodeID = (error.data as { nodeID?: unknown } | undefined)?.nodeID;
  const silent = typeof nodeID === "string" && !responsive(nodeID);
  if (away || (notRouted && degraded) || (error.code === 504 && (degraded || silent))) {
    return new Errors.MoleculerRetryableError("Service unavailable", 503, "DEPENDENCY_UNAVAILABLE", {
      checks: problems,
    });
  }
  return undefined;
}
