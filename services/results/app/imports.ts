/**
 * Historic 双公示 records imported (services/imports): each row becomes a result like a decided
 * one — the same content, the same never-publish rules, the same public notice (rendered and signed
 * later, in the background) — marked `source: import` with its import's id and no case. Idempotent
 * by (body, 文书号): the same record again is unchanged; a different one is a correction (更正) of the
 * record, as the correction flow makes it (its old content kept as a revision, a new version whose
 * notice supersedes the old). Refused as a correction would be: withdrawn, or its publicity period over.
 */
import { NotFoundError } from "../../../lib/errors.js";
import { publicationRefusals } from "../../../shared/decision-content.js";
import type { ImportedDecision, RowProblem } from "../../../shared/imports.js";
import { newId } from "../../../shared/ids.js";
import type { DecisionContent } from "../../../shared/public-record.js";
import { publicityEnds } from "../../../shared/rules.js";
import type { ImportedRow, ImportRecordsParams, PublishImportedParams } from "../import-contract.js";
import { Result, ResultRevision, type ResultStatus } from "../entities.js";
import { dueBy, type ResultsDeps } from "./deps.js";
import { issueNotice } from "./publication.js";
import { contentOf } from "./views.js";

type Body = Pick<ImportRecordsParams, "bodyName" | "bodyCreditCode">;

/** The decision content an imported row records; the file names no power, its 执法事项 stands for it. */
export function importedContent(d: ImportedDecision, body: Body): DecisionContent {
  return {
    title: d.powerName,
    kind: d.kind,
    decisionNo: d.decisionNo,
    decidedOn: d.decidedOn,
    bodyName: body.bodyName,
    bodyCreditCode: body.bodyCreditCode,
    powerCode: "",
    powerName: d.powerName,
    party: d.party,
    facts: d.facts,
    conclusion: d.conclusion,
    basis: d.basis,
    ...(d.penalty ? { penalty: d.penalty } : {}),
    ...(d.licence ? { licence: d.licence } : {}),
    maskNames: [],
  };
}

/** JSON with its keys sorted, so two contents compare by value. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The parts of a content an import sets (the rest — masks, body — stays as recorded). */
function importedPart(c: DecisionContent): unknown {
  return {
    title: c.title,
    kind: c.kind,
    decidedOn: c.decidedOn,
    powerName: c.powerName,
    party: c.party,
    facts: c.facts,
    conclusion: c.conclusion,
    basis: c.basis,
    penalty: c.penalty ?? null,
    licence: c.licence ?? null,
  };
}

function refused(line: number, type: string, message: string, field = ""): ImportedRow {
  const problem: RowProblem = { field, type, message };
  return { line, outcome: "refused", problem };
}

/** Records a batch of rows (up to a thousand) as results; answers each row's outcome. */
export async function importRecords(deps: ResultsDeps, p: ImportRecordsParams): Promise<{ rows: ImportedRow[] }> {
  const em = deps.em();
  const today = deps.today();
  const numbers = p.rows.map((r) => r.decision.decisionNo);
  const existing = new Map(
    (await em.find(Result, { bodyId: p.bodyId, decisionNo: { $in: numbers } })).map((r) => [r.decisionNo, r]),
  );
  const now = new Date();
  const out: ImportedRow[] = [];
  for (const { line, decision } of p.rows) {
    if (decision.bodyCreditCode && decision.bodyCreditCode !== p.bodyCreditCode) {
      out.push(refused(line, "IMPORT_BODY_MISMATCH", "the body's credit code is not the importing body's"));
      continue;
    }
    const content = importedContent(decision, p);
    const blocked = publicationRefusals(deps.rules, content, false)[0];
    if (blocked) {
      out.push(refused(line, blocked.type, blocked.reason));
      continue;
    }
    const old = existing.get(decision.decisionNo);
    if (!old) {
      if (p.dryRun) {
        out.push({ line, outcome: "would-import" });
        continue;
      }
      const { maskNames, ...fields } = content;
      const result = Object.assign(new Result(), {
        id: newId(),
        caseId: null,
        bodyId: p.bodyId,
        ...fields,
        maskNames,
        penalty: content.penalty ?? null,
        licence: content.licence ?? null,
        remedies: null,
        secret: false,
        status: "draft" as ResultStatus,
        version: 1,
        ...dueBy(deps, content.decidedOn, content.kind),
        noticeId: null,
        verifyCode: null,
        sha256: null,
        publishedAt: null,
        expiresOn: null,
        withdrawnAt: null,
        withdrawReason: null,
        redactions: [],
        createdBy: p.userId,
        createdAt: now,
        updatedAt: now,
        source: "import" as const,
        importId: p.importId,
      });
      em.persist(result);
      existing.set(decision.decisionNo, result);
      out.push({ line, outcome: "imported", resultId: result.id, noticeDue: true });
      continue;
    }
    const before = contentOf(old);
    // An imported record whose notice is not issued yet (a job resumed after a crash) still needs it.
    const noticeDue = old.source === "import" && old.status === "draft";
    if (canonical(importedPart(before)) === canonical(importedPart(content))) {
      out.push({ line, outcome: "unchanged", resultId: old.id, ...(noticeDue ? { noticeDue } : {}) });
      continue;
    }
    if (old.kind !== content.kind) {
      out.push(refused(line, "KIND_MISMATCH", "the 文书号 is a decision of another kind", "kind"));
      continue;
    }
    if (old.status === "withdrawn") {
      out.push(refused(line, "WITHDRAWN", "a withdrawn result cannot be corrected"));
      continue;
    }
    if (old.status === "published" && old.expiresOn !== null && old.expiresOn < today) {
      out.push(refused(line, "NOTICE_EXPIRED", `the notice's publicity period ended on ${old.expiresOn}`));
      continue;
    }
    if (p.dryRun) {
      out.push({ line, outcome: "would-update", resultId: old.id });
      continue;
    }
    em.persist(
      Object.assign(new ResultRevision(), {
        resultId: old.id,
        version: old.version,
        content: before as unknown as Record<string, unknown>,
        reason: `历史数据导入更正（导入批次 ${p.importId}）`,
        noticeId: old.noticeId,
        revisedBy: p.userId,
        revisedAt: now,
      }),
    );
    const { maskNames: _m, bodyName: _n, bodyCreditCode: _c, powerCode: _p, ...fields } = content;
    Object.assign(old, {
      ...fields,
      penalty: content.penalty ?? null,
      licence: content.licence ?? null,
      version: old.version + 1,
      updatedAt: now,
    });
    if (old.status === "draft") Object.assign(old, dueBy(deps, old.decidedOn, old.kind));
    out.push({ line, outcome: "updated", resultId: old.id, noticeDue: true });
  }
  await em.flush();
  return { rows: out };
}

/**
 * Issues the notice of an imported (or import-corrected) result, in the background: a first one
 * for a draft, a new version superseding the current one after a correction. Its publicity period
 * is the file's 公示截止期, else the rule table's period from the decision date, so a historic
 * record is held as it would be today (one whose period is over expires at once).
 */
export async function publishImported(
  deps: ResultsDeps,
  p: PublishImportedParams,
): Promise<{ noticeId: string | null }> {
  const r = await deps.em().findOne(Result, { id: p.resultId });
  if (!r) throw new NotFoundError("Result", p.resultId);
  if (r.status === "withdrawn") return { noticeId: null };
  const expiresOn =
    r.source === "import"
      ? (p.publicUntil ?? publicityEnds(deps.rules, r.decidedOn, r.kind, r.penalty ?? undefined))
      : (r.expiresOn ?? publicityEnds(deps.rules, deps.today(), r.kind, r.penalty ?? undefined));
  const predecessor = r.status === "published" ? r.noticeId : null;
  const { issued } = await issueNotice(deps, r, predecessor, predecessor ? "历史数据导入更正" : undefined, {
    expiresOn,
  });
  return { noticeId: issued.noticeId };
}
