/**
 * The steps of handling a request (登记、审核、办理、答复、归档): confirming receipt, the one 补正
 * and the corrected request's arrival (from the officer, or the applicant through the tracking
 * page), the one extension, pauses for consultation, the fee notice and its payment, the answer
 * with its per-document items, archiving. Each is dated `on` (today by default, a past day when
 * recorded late) and goes through `recordStep`: the rules of shared/requests decide, a refusal
 * writes nothing.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { ConflictError, fieldProblem, InvalidInputError, NotFoundError } from "../../../lib/errors.js";
import {
  answerItemProblems,
  feePaymentDueOn,
  receiptDate,
  requestFee,
  thirdPartyReplyDueOn,
  type AnswerItem,
  type FeeQuote,
} from "../../../shared/requests.js";
import { normalizeTrackingCode } from "../../../shared/verify-code.js";
import type {
  AnswerParams,
  CorrectionParams,
  CorrectionReceivedParams,
  ExtendParams,
  FeeNoticeParams,
  PauseParams,
  PublicCorrectionParams,
  RequestDetail,
  StepParams,
  TrackedRequest,
} from "../contract.js";
import { InfoRequest } from "../entities.js";
import {
  actorOf,
  APPLICANT,
  loadOwn,
  recordStep,
  ruled,
  todayOf,
  type RequestsDeps,
  type StepChange,
  type StepContext,
} from "./records.js";
import { issueLetterQuietly } from "./letters.js";
import { detailView } from "./views.js";
import { track } from "./public.js";

/** One officer's step on a request of their body; answers the request as it now stands. */
export async function step(
  deps: RequestsDeps,
  user: SessionUser,
  id: string,
  plan: (ctx: StepContext) => StepChange | Promise<StepChange>,
): Promise<RequestDetail> {
  await loadOwn(deps.em(), user, id);
  await recordStep(deps, id, actorOf(user), plan);
  const em = deps.em();
  return detailView(em, await em.findOneOrFail(InfoRequest, { id }), await deps.calendar(), todayOf(deps));
}

const dayOf = (p: { on?: string }, ctx: StepContext): string => p.on ?? ctx.today;

/** 确认收到 (Art. 31): an online or fax request is received the day the body confirms it. */
export function confirm(deps: RequestsDeps, user: SessionUser, p: StepParams): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => {
    const on = dayOf(p, ctx);
    const { channel } = ctx.r;
    if ((channel === "online" || channel === "fax") && ctx.clock.submittedOn) {
      const submittedOn = ctx.clock.submittedOn;
      ruled(() => receiptDate({ channel, submittedOn, confirmedOn: on }, ctx.today), { confirmedOn: "on" });
    }
    return { event: { kind: "received", on }, note: p.note };
  });
}

/** 补正告知 (Art. 30): once, within 7 working days of receipt, saying what to add and by when. */
export async function requestCorrection(
  deps: RequestsDeps,
  user: SessionUser,
  p: CorrectionParams,
): Promise<RequestDetail> {
  const what = whatToCorrect(p);
  return step(deps, user, p.id, (ctx) => ({
    event: { kind: "correction_requested", on: dayOf(p, ctx), dueOn: p.dueOn },
    note: p.note,
    apply: (r) => {
      r.correctionWhat = what;
    },
  }));
}

/** What the 补正 asks for: `what`, or the handbook's `items` listed; one of them (422 otherwise). */
function whatToCorrect(p: CorrectionParams): string {
  const what = p.what ?? (p.items?.length ? p.items.map((item, i) => `${i + 1}. ${item}`).join("\n") : undefined);
  if (!what) throw fieldProblem("what", "required", "say what the applicant must add or make clear");
  return what;
}

/** The corrected request arrived (by post, in person…): the 20 working days start again from that day. */
export function correctionReceived(
  deps: RequestsDeps,
  user: SessionUser,
  p: CorrectionReceivedParams,
): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => ({
    event: { kind: "correction_received", on: dayOf(p, ctx) },
    note: p.note,
    apply: (r) => {
      if (p.text) r.correctionText = p.text;
    },
  }));
}

/** The applicant sends the 补正 through the tracking page: received today, the clock restarts. */
export async function sendCorrection(deps: RequestsDeps, p: PublicCorrectionParams): Promise<TrackedRequest> {
  const code = normalizeTrackingCode(p.trackingCode);
  const r = code ? await deps.em().findOne(InfoRequest, { trackingCode: code }) : null;
  if (!r) throw new NotFoundError("Tracking code");
  await recordStep(deps, r.id, APPLICANT, (ctx) => ({
    event: { kind: "correction_received", on: ctx.today },
    apply: (fresh) => {
      fresh.correctionText = p.text;
    },
  }));
  return track(deps, { trackingCode: r.trackingCode });
}

/** 延期 (Art. 33): once, at most 20 working days, approved by the office's head. */
export function extend(deps: RequestsDeps, user: SessionUser, p: ExtendParams): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => ({
    event: { kind: "extended", on: dayOf(p, ctx), days: p.days, approvedBy: p.approvedBy, reason: p.reason },
    note: p.note,
  }));
}

/** 征求意见 (Arts. 32–33): the clock stops; a third party has 15 working days to answer. */
export function pause(deps: RequestsDeps, user: SessionUser, p: PauseParams): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => {
    const on = dayOf(p, ctx);
    const dueOn = p.dueOn ?? (p.type === "third_party" ? thirdPartyReplyDueOn(ctx.calendar, on).date : undefined);
    const type = p.type === "other_agency" ? "agency" : p.type;
    return { event: { kind: "paused", on, type, ...(dueOn ? { dueOn } : {}) }, note: p.note };
  });
}

/** The view came back: the clock runs again. Not for a fee: its payment is recorded as paid. */
export function resume(deps: RequestsDeps, user: SessionUser, p: StepParams): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => {
    if (ctx.clock.pause?.type === "fee") {
      throw new ConflictError("the request awaits a fee: record the payment", "USE_FEE_PAID");
    }
    return { event: { kind: "resumed", on: dayOf(p, ctx) }, note: p.note };
  });
}

/** Keeps each mark's own fields only (a `where` on a provided document says nothing). */
function normalizedItems(items: readonly AnswerItem[]): AnswerItem[] {
  return items.map((item) => {
    const r = item.result;
    const result =
      r.mark === "already_public"
        ? { mark: r.mark, where: r.where }
        : r.mark === "partly_provided"
          ? { mark: r.mark, withheld: r.withheld, ground: r.ground }
          : r.mark === "not_provided"
            ? { mark: r.mark, ground: r.ground }
            : { mark: r.mark };
    return { title: item.title, result } as AnswerItem;
  });
}

/**
 * 答复 (Arts. 36–39): one type of table 三, the answer's text, what it says of each document, any
 * fee charged and the remedy organs; then the signed 答复告知书 (app/letters.ts). The answer stands
 * even when the letter cannot be issued now: it is issued again on request (`issueLetter`).
 */
export async function answer(deps: RequestsDeps, user: SessionUser, p: AnswerParams): Promise<RequestDetail> {
  const feeYuan = p.fee === undefined ? null : answerFee(p.fee);
  await step(deps, user, p.id, async (ctx) => {
    const items = normalizedItems(p.items ?? []);
    const problems = answerItemProblems(items, p.type);
    if (problems.length > 0) throw new InvalidInputError(problems);
    return {
      event: { kind: "answered", on: dayOf(p, ctx), answerType: p.type },
      note: p.note,
      apply: (r) => {
        r.answerText = p.text;
        r.answerItems = items;
        r.answerFeeYuan = feeYuan;
        r.reviewOrgan = p.reviewOrgan ?? null;
        r.court = p.court ?? null;
      },
    };
  });
  await issueLetterQuietly(deps, p.id);
  const em = deps.em();
  return detailView(em, await em.findOneOrFail(InfoRequest, { id: p.id }), await deps.calendar(), todayOf(deps));
}

/** The fee an answer charges: given in 元, or computed by the 109号 rule from items or pages. */
function answerFee(fee: NonNullable<AnswerParams["fee"]>): number {
  if (typeof fee === "number") return fee;
  if ((fee.items === undefined) === (fee.pages === undefined)) {
    throw fieldProblem("fee", "FEE_QUANTITY_INVALID", "give the items or the pages, one of them");
  }
  return ruled(
    () =>
      (fee.items !== undefined
        ? requestFee({ standard: "items", items: fee.items })
        : requestFee({ standard: "pages", pages: fee.pages as number })
      ).yuan,
    { items: "fee.items", pages: "fee.pages" },
  );
}

/**
 * The items (件) the applicant filed earlier in the calendar month this request was received in:
 * each earlier request counts as one, or as the items of its own per-item fee notice.
 */
async function previousItems(ctx: StepContext): Promise<number> {
  const { r, tx } = ctx;
  if (!r.receivedOn) return 0;
  const [year, month] = r.receivedOn.split("-").map(Number) as [number, number];
  const from = `${r.receivedOn.slice(0, 7)}-01`;
  const until = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  const rows = await tx.getConnection().execute<{ n: string | null }[]>(
    `select sum(case when fee->>'standard' = 'items' then (fee->>'quantity')::int else 1 end) as n
         from requests.requests
        where applicant_key = ? and id <> ? and received_on >= ? and received_on < ?
          and (received_on < ? or (received_on = ? and id < ?))`,
    [r.applicantKey, r.id, from, until, r.receivedOn, r.receivedOn, r.id],
    "all",
    tx.getTransactionContext(),
  );
  return Number(rows[0]?.n ?? 0);
}

/** 收费通知 (109号): the fee by the one standard chosen; the clock stops until it is paid. */
export function feeNotice(deps: RequestsDeps, user: SessionUser, p: FeeNoticeParams): Promise<RequestDetail> {
  return step(deps, user, p.id, async (ctx) => {
    const on = dayOf(p, ctx);
    const previous = p.standard === "items" ? await previousItems(ctx) : 0;
    const quote: FeeQuote = ruled(
      () =>
        requestFee(
          p.standard === "items"
            ? { standard: "items", items: p.quantity, previousItemsThisMonth: previous }
            : { standard: "pages", pages: p.quantity },
        ),
      { items: "quantity", pages: "quantity" },
    );
    if (quote.yuan === 0) throw fieldProblem("quantity", "NO_FEE_DUE", "by the standard this request is free");
    const dueOn = p.dueOn ?? feePaymentDueOn(ctx.calendar, on).date;
    return {
      event: { kind: "paused", on, type: "fee", dueOn },
      kind: "fee_notice",
      note: p.note,
      apply: (r) => {
        r.fee = {
          standard: quote.standard,
          quantity: quote.quantity,
          previousItems: previous,
          yuan: quote.yuan,
          bands: quote.bands,
          noticedOn: on,
          dueOn,
          paidOn: null,
        };
      },
    };
  });
}

/** The fee is paid: the clock runs again. */
export function feePaid(deps: RequestsDeps, user: SessionUser, p: StepParams): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => {
    if (ctx.clock.pause?.type !== "fee") throw new ConflictError("no fee is awaited", "NOT_AWAITING_FEE");
    const on = dayOf(p, ctx);
    return {
      event: { kind: "resumed", on },
      kind: "fee_paid",
      note: p.note,
      apply: (r) => {
        if (r.fee) r.fee = { ...r.fee, paidOn: on };
      },
    };
  });
}

/** 归档. */
export function archive(deps: RequestsDeps, user: SessionUser, p: StepParams): Promise<RequestDetail> {
  return step(deps, user, p.id, (ctx) => ({ event: { kind: "archived", on: dayOf(p, ctx) }, note: p.note }));
}
