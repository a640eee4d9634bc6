/**
 * 规范性文件 from registration to publication: registered as a draft under 三统一 (its 文号 unique
 * within the body, its 登记号 from this deployment's register and the year's sequence), edited while
 * a draft, given its 解读, and published with that 解读 in one transaction at one instant (三同步).
 * A final document of a consultation waits for the adoption report.
 */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import { interpretParamsOf, registerParamsOf } from "./handbook.js";
import type { SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, dependencyCall, fieldProblem } from "../../../lib/errors.js";
import { newestFirst } from "../../../lib/paging.js";
import { chinaToday } from "../../../shared/dates.js";
import {
  checkEditable,
  checkPublish,
  formatRegistrationNumber,
  interpretationRequirement,
  planInterpretation,
  prepareDocument,
  resolveDates,
  type ValidityBasis,
  type InterpretationRequirement,
} from "../../../shared/documents.js";
import { newId } from "../../../shared/ids.js";
import type { Page } from "../../../shared/paging.js";
import { duties } from "../../duties/contract.js";
import type {
  DocumentView,
  EditParams,
  IdParams,
  InterpretParams,
  ListDocumentsParams,
  PublishParams,
  RegisterParams,
} from "../contract.js";
import { Consultation, Interpretation, NormativeDocument, StoredFile } from "../entities.js";
import { commitChange, loadDocument, refusing, type Changed, type DocumentsDeps } from "./deps.js";
import { bodyFor } from "../../../lib/auth.js";
import { datesOf, documentView, loadView, partsOf, ruleEvents } from "./views.js";

/** The body must exist: a wrong id is wrong input (422), not a missing page. */
export async function requireBody(deps: DocumentsDeps, bodyId: string): Promise<void> {
  try {
    await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: bodyId }));
  } catch (err) {
    if ((err as { code?: number }).code === 404) {
      throw fieldProblem("bodyId", "UNKNOWN_BODY", "no enforcement body has this id");
    }
    throw err;
  }
}

/** A body's name from its register (for the 解读's drafting unit when none is named). */
async function bodyNameOf(deps: DocumentsDeps, bodyId: string): Promise<string> {
  return (await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: bodyId }))).name;
}

/** The consultation a document comes out of: one of the same body. */
async function requireConsultation(em: EntityManager, bodyId: string, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const c = await em.findOne(Consultation, { id, bodyId });
  if (!c) throw fieldProblem("consultationId", "UNKNOWN_CONSULTATION", "no consultation of this body has this id");
}

function requirementOf(d: Pick<NormativeDocument, "policy" | "waiverReason">): InterpretationRequirement {
  return interpretationRequirement({
    policy: d.policy,
    waiver: d.waiverReason === null ? null : { reason: d.waiverReason },
  });
}

/** The 文号 is unique within the issuing body: a second use is 409 naming the field. */
function duplicateNumber(err: unknown): unknown {
  if (isUniqueViolation(err, "documents_number_unique")) {
    return new ConflictError("the 文号 is already registered by this body", "DUPLICATE_DOC_NUMBER", [
      { field: "docNumber", type: "DUPLICATE_DOC_NUMBER", message: "the 文号 is already registered by this body" },
    ]);
  }
  return err;
}

/** The next 登记号 of this deployment's register in `year`, taken in the caller's transaction. */
async function nextRegistrationNo(tx: EntityManager, prefix: string, year: number): Promise<string> {
  const rows = await tx.getConnection().execute<{ last: number }[]>(
    `insert into documents.registration_counters (prefix, year, last) values (?, ?, 1)
       on conflict (prefix, year) do update set last = registration_counters.last + 1 returning last`,
    [prefix, year],
    "all",
    tx.getTransactionContext(),
  );
  return formatRegistrationNumber(prefix, year, Number((rows[0] as { last: number }).last));
}

/** A draft keeps the officer's 暂行/试行 mark in its validityBasis until publication resolves it. */
function provisionalMark(provisional: boolean | null | undefined): ValidityBasis | null {
  return typeof provisional === "boolean" ? (provisional ? "provisional" : "default") : null;
}

function markedProvisional(d: NormativeDocument): boolean | null {
  return d.validityBasis === null ? null : d.validityBasis === "provisional";
}

/** Registers a draft (201); its 登记号 is given now. */
export async function register(deps: DocumentsDeps, user: SessionUser, given: RegisterParams): Promise<DocumentView> {
  const p = registerParamsOf(given);
  const bodyId = bodyFor(user, p.bodyId);
  const now = deps.now();
  const today = chinaToday(now);
  const prepared = refusing(() => prepareDocument(p, { today }));
  const policy = p.policy ?? true;
  const requirement = refusing(() => interpretationRequirement({ policy, waiver: p.interpretationWaiver }));
  await requireBody(deps, bodyId);
  const em = deps.em();
  await requireConsultation(em, bodyId, p.consultationId);
  const d = Object.assign(new NormativeDocument(), {
    id: newId(),
    bodyId,
    title: prepared.title,
    docNumber: prepared.docNumberText,
    docNumberKey: prepared.docNumberKey,
    signedOn: prepared.signedOn,
    publishedOn: p.publishedOn ?? null,
    effectiveFrom: p.effectiveFrom ?? null,
    validUntil: p.validUntil ?? null,
    validityBasis: provisionalMark(p.provisional),
    fullText: p.text,
    legalBasis: p.legalBasis,
    policy,
    waiverReason: requirement.waiverReason ?? (p.interpretationWaiver ? p.interpretationWaiver.reason.trim() : null),
    consultationId: p.consultationId ?? null,
    disclosureRule: p.disclosureRule ?? null,
    category: p.category ?? null,
    stage: "draft" as const,
    publishedAt: null,
    basisRepealed: false,
    lapseAnnounced: false,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
  });
  try {
    await em.transactional(async (tx) => {
      d.registrationNo = await nextRegistrationNo(tx, deps.config.registrationPrefix, Number(today.slice(0, 4)));
      tx.persist(d);
    });
  } catch (err) {
    throw duplicateNumber(err);
  }
  return loadView(deps.em(), d, today);
}

/** The fields of a document's filing on the platform: the only ones a published document still takes. */
const FILING_FIELDS = new Set(["id", "disclosureRule", "category"]);

/** A published document's filing (公开制度, category of Art. 20) changes; its public view with it. */
async function refile(deps: DocumentsDeps, user: SessionUser, d: NormativeDocument, p: EditParams) {
  await commitChange(deps, [["document", d.id]], async (tx) => {
    await tx.nativeUpdate(
      NormativeDocument,
      { id: d.id },
      {
        disclosureRule: p.disclosureRule ?? d.disclosureRule,
        category: p.category === undefined ? d.category : p.category,
        updatedAt: deps.now(),
      },
    );
  });
  return get(deps, user, { id: d.id });
}

/**
 * Changes a draft; a published text is fixed (409 DOCUMENT_PUBLISHED), though its filing on the
 * platform may change alone.
 */
export async function edit(deps: DocumentsDeps, user: SessionUser, p: EditParams): Promise<DocumentView> {
  const em = deps.em();
  const d = await loadDocument(em, user, p.id);
  const given = Object.entries(p).filter(([, v]) => v !== undefined);
  if (d.stage === "published" && given.every(([k]) => FILING_FIELDS.has(k))) return refile(deps, user, d, p);
  refusing(() => checkEditable(d.stage));
  const today = chinaToday(deps.now());
  const merged = {
    title: p.title ?? d.title,
    docNumber: p.docNumber ?? p.docNo ?? d.docNumber,
    signedOn: p.signedOn ?? d.signedOn,
    publishedOn: p.publishedOn ?? d.publishedOn,
    effectiveFrom: p.effectiveFrom ?? d.effectiveFrom,
    validUntil: p.validUntil ?? d.validUntil,
    provisional: p.provisional ?? markedProvisional(d),
  };
  const prepared = refusing(() => prepareDocument(merged, { today }));
  const policy = p.policy ?? d.policy;
  const waiver = p.interpretationWaiver ?? (d.waiverReason === null ? null : { reason: d.waiverReason });
  refusing(() => interpretationRequirement({ policy, waiver }));
  await requireConsultation(em, d.bodyId, p.consultationId);
  Object.assign(d, {
    title: prepared.title,
    docNumber: prepared.docNumberText,
    docNumberKey: prepared.docNumberKey,
    signedOn: prepared.signedOn,
    publishedOn: merged.publishedOn,
    effectiveFrom: merged.effectiveFrom,
    validUntil: merged.validUntil,
    validityBasis: provisionalMark(merged.provisional),
    fullText: p.text ?? d.fullText,
    legalBasis: p.legalBasis ?? d.legalBasis,
    policy,
    waiverReason: waiver ? waiver.reason.trim() : null,
    consultationId: p.consultationId ?? d.consultationId,
    disclosureRule: p.disclosureRule ?? d.disclosureRule,
    category: p.category === undefined ? d.category : p.category,
    updatedAt: deps.now(),
  });
  try {
    await em.flush();
  } catch (err) {
    throw duplicateNumber(err);
  }
  return loadView(em, d, today);
}

/** The body's documents (admins: all), newest first. */
export async function list(
  deps: DocumentsDeps,
  user: SessionUser,
  p: ListDocumentsParams,
): Promise<Page<DocumentView>> {
  const em = deps.em();
  const where: Record<string, unknown> = {};
  if (user.role !== "admin") where.bodyId = user.bodyId;
  if (p.stage) where.stage = p.stage;
  const page = await newestFirst(em, NormativeDocument, where, p);
  const parts = await partsOf(
    em,
    page.items.map((d) => d.id),
  );
  const today = chinaToday(deps.now());
  return {
    items: page.items.map((d) => documentView(d, parts.get(d.id) as never, today)),
    nextCursor: page.nextCursor,
  };
}

export async function get(deps: DocumentsDeps, user: SessionUser, p: IdParams): Promise<DocumentView> {
  const em = deps.em();
  return loadView(em, await loadDocument(em, user, p.id), chinaToday(deps.now()));
}

/**
 * A 解读: on a draft, the 同步解读 that will be published with it (a new one replaces the former);
 * on a published document in force, a 施行后解读 published now with its own date. Its 图解 are
 * graphic files uploaded to the document.
 */
export async function interpret(deps: DocumentsDeps, user: SessionUser, given: InterpretParams): Promise<DocumentView> {
  // 谁起草谁解读: unless named, the document's body drafted it and the officer giving it is its 解读人.
  const unit = given.draftingUnit ?? (await bodyNameOf(deps, (await loadDocument(deps.em(), user, given.id)).bodyId));
  const p = interpretParamsOf(given, { unit, person: user.username });
  const em = deps.em();
  const d = await loadDocument(em, user, p.id);
  const events = (await partsOf(em, [d.id])).get(d.id)?.events ?? [];
  const files = await em.find(StoredFile, { ownerType: "document", ownerId: d.id, purpose: "graphic" });
  const byId = new Map(files.map((f) => [f.id, f]));
  const graphics = (p.graphics ?? []).map((g, i) => {
    const f = byId.get(g.fileId);
    if (!f) throw fieldProblem(`graphics[${i}].fileId`, "UNKNOWN_FILE", "no graphic of this document has this id");
    return { key: f.id, mediaType: f.mediaType as "image/png", alt: g.alt };
  });
  const now = deps.now();
  const today = chinaToday(now);
  const plan = refusing(() =>
    planInterpretation(
      { stage: d.stage, dates: datesOf(d), events: ruleEvents(events) },
      { text: p.text, qa: p.qa, graphics, draftingUnit: p.draftingUnit, interpreter: p.interpreter },
      { today },
    ),
  );
  const interpretation = Object.assign(new Interpretation(), {
    id: newId(),
    documentId: d.id,
    timing: plan.timing,
    text: plan.text,
    qa: plan.qa,
    graphics: plan.graphics.map((g) => ({ fileId: g.key, alt: g.alt })),
    draftingUnit: plan.draftingUnit,
    interpreter: plan.interpreter,
    publishedAt: plan.timing === "post_publication" ? now : null,
    publishedOn: plan.publishedOn,
    createdBy: user.id,
    createdAt: now,
  });
  if (d.stage === "draft") {
    await em.transactional(async (tx) => {
      await tx.nativeDelete(Interpretation, { documentId: d.id, publishedAt: null });
      tx.persist(interpretation);
    });
  } else {
    await commitChange(deps, [["document", d.id]], async (tx) => {
      tx.persist(interpretation);
      await tx.nativeUpdate(NormativeDocument, { id: d.id }, { updatedAt: now });
    });
  }
  return get(deps, user, { id: d.id });
}

/**
 * Publishes a draft with its 同步解读 in one transaction, both at the same instant (三同步: 409
 * INTERPRETATION_REQUIRED without one when needed); the final document of a consultation needs
 * its adoption report (409 ADOPTION_REPORT_REQUIRED). The consultation then links to it.
 */
export async function publish(deps: DocumentsDeps, user: SessionUser, p: PublishParams): Promise<DocumentView> {
  const em = deps.em();
  const found = await loadDocument(em, user, p.id);
  const now = deps.now();
  const today = chinaToday(now);
  const changed: Changed[] = [["document", found.id]];
  if (found.consultationId) changed.push(["consultation", found.consultationId]);
  await commitChange(deps, changed, async (tx) => {
    const d = await tx.findOneOrFail(NormativeDocument, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const draft = await tx.find(Interpretation, { documentId: d.id, publishedAt: null });
    const consultation = d.consultationId ? await tx.findOne(Consultation, { id: d.consultationId }) : null;
    const { publishedOn } = checkPublish(
      {
        stage: d.stage,
        publishedOn: p.publishedOn ?? d.publishedOn,
        interpretation: requirementOf(d),
        hasInterpretation: draft.length > 0,
        consultation: consultation && { adoptionReportedOn: consultation.adoptionReportedOn },
      },
      { today },
    );
    const dates = resolveDates(
      {
        title: d.title,
        signedOn: d.signedOn,
        publishedOn,
        effectiveFrom: d.effectiveFrom,
        validUntil: d.validUntil,
        provisional: markedProvisional(d),
      },
      { today },
    );
    Object.assign(d, {
      stage: "published",
      publishedOn: dates.publishedOn,
      effectiveFrom: dates.effectiveFrom,
      validUntil: dates.validUntil,
      validityBasis: dates.validityBasis,
      publishedAt: now,
      updatedAt: now,
    });
    for (const i of draft) Object.assign(i, { publishedAt: now, publishedOn: dates.publishedOn });
  });
  return get(deps, user, { id: found.id });
}
