/** The services this codebase can run, by the names SERVICES uses, and the databases they own. */
import type { ServiceSchema } from "moleculer";
import type { ServiceName } from "../lib/config.js";
import type { DatabaseOptions } from "../lib/database.js";
import type { Runtime } from "../lib/runtime.js";
import { accountsService } from "../services/accounts/accounts.service.js";
import { DATABASE as accountsDb } from "../services/accounts/database.js";
import { casesService } from "../services/cases/cases.service.js";
import { DATABASE as casesDb } from "../services/cases/database.js";
import { DATABASE as documentsDb } from "../services/documents/database.js";
import { documentsService } from "../services/documents/documents.service.js";
import { dutiesService } from "../services/duties/duties.service.js";
import { DATABASE as feedDb } from "../services/feed/database.js";
import { feedService } from "../services/feed/feed.service.js";
import { DATABASE as feedbackDb } from "../services/feedback/database.js";
import { feedbackService } from "../services/feedback/feedback.service.js";
import { DATABASE as dutiesDb } from "../services/duties/database.js";
import { gatewayService } from "../services/gateway/gateway.service.js";
import { noticesService } from "../services/notices/notices.service.js";
import { DATABASE as noticesDb } from "../services/notices/database.js";
import { DATABASE as reportsDb } from "../services/reports/database.js";
import { reportsService } from "../services/reports/reports.service.js";
import { DATABASE as requestsDb } from "../services/requests/database.js";
import { requestsService } from "../services/requests/requests.service.js";
import { resultsService } from "../services/results/results.service.js";
import { DATABASE as resultsDb } from "../services/results/database.js";
import { DATABASE as tlogDb } from "../services/tlog/database.js";
import { tlogService } from "../services/tlog/tlog.service.js";
import { DATABASE as subscriptionsDb } from "../services/subscriptions/database.js";
import { subscriptionsService } from "../services/subscriptions/subscriptions.service.js";
import { DATABASE as importsDb } from "../services/imports/database.js";
import { importsService } from "../services/imports/imports.service.js";
import { DATABASE as inspectionsDb } from "../services/inspections/database.js";
import { inspectionsService } from "../services/inspections/inspections.service.js";

export const SERVICE_FACTORIES: Record<ServiceName, (rt: Runtime) => ServiceSchema> = {
  gateway: gatewayService,
  accounts: accountsService,
  duties: dutiesService,
  cases: casesService,
  results: resultsService,
  notices: noticesService,
  feed: feedService,
  feedback: feedbackService,
  requests: requestsService,
  documents: documentsService,
  tlog: tlogService,
  reports: reportsService,
  subscriptions: subscriptionsService,
  imports: importsService,
  inspections: inspectionsService,
};

export const DATABASES: DatabaseOptions[] = [
  accountsDb,
  dutiesDb,
  casesDb,
  resultsDb,
  noticesDb,
  feedDb,
  feedbackDb,
  requestsDb,
  documentsDb,
  tlogDb,
  reportsDb,
  subscriptionsDb,
  importsDb,
  inspectionsDb,
];
