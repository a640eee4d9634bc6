/** The services this codebase can run, by the names SERVICES uses. */
import type { ServiceSchema } from "moleculer";
import type { ServiceName } from "../lib/config.js";
import type { Runtime } from "../lib/runtime.js";
import { accountsService } from "../services/accounts/accounts.service.js";
import { dutiesService } from "../services/duties/duties.service.js";
import { gatewayService } from "../services/gateway/gateway.service.js";

export const SERVICE_FACTORIES: Record<ServiceName, (rt: Runtime) => ServiceSchema> = {
  gateway: gatewayService,
  accounts: accountsService,
  duties: dutiesService,
};
