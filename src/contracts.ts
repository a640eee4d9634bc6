/** The services' contracts together: what each action served over HTTP answers, by action name. */
import type { Action, ReplyDoc } from "../lib/contract.js";
import { accounts } from "../services/accounts/contract.js";
import { cases } from "../services/cases/contract.js";
import { documents, guides } from "../services/documents/contract.js";
import { duties } from "../services/duties/contract.js";
import { feed } from "../services/feed/contract.js";
import { openness } from "../services/feed/openness-contract.js";
import { inspectionFeed } from "../services/feed/inspections-contract.js";
import { feedback } from "../services/feedback/contract.js";
import { imports } from "../services/imports/contract.js";
import { notices } from "../services/notices/contract.js";
import { reports } from "../services/reports/contract.js";
import { requests } from "../services/requests/contract.js";
import { results } from "../services/results/contract.js";
import { intake } from "../services/results/intake-contract.js";
import { subscriptions } from "../services/subscriptions/contract.js";
import { inspections } from "../services/inspections/contract.js";
import { tlog } from "../services/tlog/contract.js";

/** Documents the API (the OpenAPI response schemas) and, with CHECK_REPLIES, is checked on every answer. */
export const REPLIES: ReadonlyMap<string, ReplyDoc> = new Map(
  [
    accounts,
    cases,
    documents,
    guides,
    duties,
    feed,
    openness,
    inspectionFeed,
    feedback,
    imports,
    notices,
    reports,
    requests,
    results,
    intake,
    subscriptions,
    inspections,
    tlog,
  ]
    .flatMap((contract) => Object.values(contract) as Action<unknown, unknown>[])
    .flatMap((a) => (a.reply ? [[a.name, a.reply] as const] : [])),
);
