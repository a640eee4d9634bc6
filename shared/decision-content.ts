/**
 * One builder for a decision's public content. The decision, its preview and the notice all take
 * their content from here, so what an officer previews is what is recorded and published: the
 * same defaults (a 行政许可's document name, category and content), the same redaction, and the
 * same list of every reason the real decision or its publication would be refused.
 */
import { checkDecision, type CaseState } from "./case-workflow.js";
import type { Party, PowerCategory } from "./domain.js";
import {
  buildPublicNotice,
  type DecisionContent,
  type Licence,
  type LicenceOutcome,
  type Penalty,
  type PublicNotice,
} from "./public-record.js";
import { fineRequiresReview, publicationBlock, type RuleTable } from "./rules.js";

/** A licence as entered: the document name, category and content may be left to their defaults. */
export interface LicenceInput {
  outcome?: LicenceOutcome;
  documentName?: string;
  category?: string;
  certificateName?: string;
  licenceNo?: string;
  content?: string;
  validFrom?: string;
  validTo?: string;
}

/** What the officer enters for a decision. */
export interface DecisionInput {
  kind: PowerCategory;
  decisionNo: string;
  decidedOn: string;
  conclusion: string;
  basis: string;
  /** The facts as published; by default the case's. */
  facts?: string;
  penalty?: Penalty;
  licence?: LicenceInput;
  /** Names of other natural persons to mask, beside those marked on the case. */
  maskNames?: string[];
}

/** The case (with its power) the decision is made in, as the cases service answers. */
export interface DecisionCase {
  title: string;
  facts: string;
  party: Party;
  otherNames: string[];
  powerCode: string;
  powerName: string;
  secret: boolean;
  /** 重大执法决定: needs an approving legal review (法制审核) before the decision. */
  major: boolean;
  status: CaseState;
  /** The latest review of the current review round; null: none; undefined: not known (left to the case). */
  latestReview?: { approve: boolean } | null;
  /** The case already has a decision. */
  resultId?: string | null;
}

export interface DecisionBody {
  name: string;
  creditCode: string;
}

export type RefusalStage = "decision" | "publication";

/** A reason the real decision or its publication would be refused, with the error type it is refused with. */
export interface Refusal {
  stage: RefusalStage;
  type: string;
  reason: string;
}

/** 许可决定 defaults to 准予许可, 许可决定文书名称 to the decision's own document, 许可类别 to 普通, 许可内容 to the conclusion. */
export function licenceWithDefaults(licence: LicenceInput, kind: PowerCategory, conclusion: string): Licence {
  return {
    ...licence,
    outcome: licence.outcome ?? "准予许可",
    documentName: licence.documentName ?? `${kind}决定书`,
    category: licence.category ?? "普通",
    content: licence.content ?? conclusion,
  };
}

/**
 * The licence of a corrected decision. A licence the correction changes gets the defaults again,
 * from the corrected conclusion; a licence it leaves whose content is still the old conclusion (the
 * default filled in at decide time) follows the new conclusion instead of staying stale.
 */
export function correctedLicence(
  stored: Licence | undefined,
  changed: LicenceInput | undefined,
  kind: PowerCategory,
  conclusion: { before: string; after: string },
): Licence | undefined {
  if (changed) return licenceWithDefaults(changed, kind, conclusion.after);
  if (stored && stored.content === conclusion.before && conclusion.after !== conclusion.before) {
    return { ...stored, content: conclusion.after };
  }
  return stored;
}

/** The full content of a decision, defaults filled in, as it is recorded and published. */
export function decisionContent(input: DecisionInput, c: DecisionCase, body: DecisionBody): DecisionContent {
  return {
    title: c.title,
    kind: input.kind,
    decisionNo: input.decisionNo,
    decidedOn: input.decidedOn,
    bodyName: body.name,
    bodyCreditCode: body.creditCode,
    powerCode: c.powerCode,
    powerName: c.powerName,
    party: c.party,
    facts: input.facts ?? c.facts,
    conclusion: input.conclusion,
    basis: input.basis,
    penalty: input.penalty,
    licence: input.licence ? licenceWithDefaults(input.licence, input.kind, input.conclusion) : undefined,
    maskNames: [...new Set([...c.otherNames, ...(input.maskNames ?? [])])],
  };
}

/** Why publishing this content would be refused (never-publish rules), in the order they are checked. */
export function publicationRefusals(
  rules: RuleTable,
  content: Pick<DecisionContent, "party" | "kind" | "penalty">,
  secret: boolean,
): Refusal[] {
  const blocked = publicationBlock(rules, {
    minor: content.party.minor === true,
    secret,
    kind: content.kind,
    penalty: content.penalty,
  });
  return blocked ? [{ stage: "publication", ...blocked }] : [];
}

/** Whether the decided fine makes the decision 重大 by the rule table's threshold. */
export function fineNeedsReview(rules: RuleTable, content: Pick<DecisionContent, "party" | "penalty">): boolean {
  return fineRequiresReview(rules, content.party.type, content.penalty?.fineAmount);
}

/** A correction that raises the fine to the rule table's threshold makes the decision 重大 after the fact. */
export function correctionNeedsReview(
  rules: RuleTable,
  before: Pick<DecisionContent, "party" | "penalty">,
  after: Pick<DecisionContent, "party" | "penalty">,
): boolean {
  return fineNeedsReview(rules, after) && !fineNeedsReview(rules, before);
}

/**
 * Why a correction would be refused. `reviewed`: the case has an approving legal review (asked
 * only when the correction makes the decision 重大). `published`: the correction would be
 * published at once, so the never-publish rules apply to the corrected content, as to a publish.
 */
export function correctionRefusals(
  rules: RuleTable,
  before: DecisionContent,
  after: DecisionContent,
  opts: { secret: boolean; published: boolean; reviewed?: boolean },
): Refusal[] {
  const refusals: Refusal[] = [];
  if (correctionNeedsReview(rules, before, after) && opts.reviewed !== true) {
    refusals.push({
      stage: "decision",
      type: "REVIEW_REQUIRED",
      reason: "重大执法决定: the corrected fine needs an approving legal review (法制审核)",
    });
  }
  if (opts.published) refusals.push(...publicationRefusals(rules, after, opts.secret));
  return refusals;
}

export interface DecisionChecks {
  /** Another decision of the body already has this 文书号. */
  decisionNoTaken?: boolean;
  /** The results already hold a decision of this case. */
  alreadyDecided?: boolean;
}

/** Why recording this decision now would be refused: its 文书号, an earlier decision, the case's state and legal review. */
export function decisionRefusals(
  rules: RuleTable,
  content: DecisionContent,
  c: DecisionCase,
  checks: DecisionChecks = {},
): Refusal[] {
  const refusals: Refusal[] = [];
  if (checks.decisionNoTaken) {
    refusals.push({
      stage: "decision",
      type: "DUPLICATE_DECISION_NO",
      reason: "This 文书号 is already used by a decision of this body",
    });
  }
  if (c.resultId || checks.alreadyDecided) {
    refusals.push({ stage: "decision", type: "ALREADY_DECIDED", reason: "This case already has a decision" });
    return refusals;
  }
  // A review round whose outcome the caller was not told is checked by the case when it is decided.
  if (c.status === "review" && c.latestReview === undefined) return refusals;
  const check = checkDecision(c.status, {
    required: c.major || fineNeedsReview(rules, content),
    latest: c.latestReview ?? undefined,
  });
  if (!check.ok) refusals.push({ stage: "decision", type: check.type, reason: check.reason });
  return refusals;
}

/** A warning that does not stop anything: publishing after the statutory deadline is late, not forbidden. */
export interface Warning {
  type: string;
  reason: string;
}

export function deadlineWarnings(dueBy: string, today: string): Warning[] {
  return dueBy < today
    ? [{ type: "PUBLICATION_OVERDUE", reason: `the statutory publication deadline ${dueBy} has passed` }]
    : [];
}

export interface DecisionPreview {
  content: DecisionContent;
  notice: PublicNotice;
  refusals: Refusal[];
  warnings: Warning[];
}

/**
 * A decision as it would be recorded and published: its content with defaults, its public notice,
 * every refusal of the decision (when a case is given) and of its publication, and the warnings.
 */
export function previewDecision(
  rules: RuleTable,
  content: DecisionContent,
  opts: { secret: boolean; case?: DecisionCase; checks?: DecisionChecks; dueBy?: string; today?: string },
): DecisionPreview {
  return {
    content,
    notice: buildPublicNotice(content),
    refusals: [
      ...(opts.case ? decisionRefusals(rules, content, opts.case, opts.checks) : []),
      ...publicationRefusals(rules, content, opts.secret),
    ],
    warnings: opts.dueBy && opts.today ? deadlineWarnings(opts.dueBy, opts.today) : [],
  };
}
