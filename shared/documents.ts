/**
 * 行政规范性文件 with their 政策解读, and 重大决策预公开 (issue 16; 政府信息公开条例 2019; 重大行政决策程序
 * 暂行条例 2019; 国办发〔2018〕37号; 国办公开办函〔2019〕61号). Pure rules, no broker and no database,
 * for the `documents` service:
 *
 * - numbers.ts — 文号 (parse any common spelling, canonical form, uniqueness key) and 登记号;
 * - validity.ts — 成文/发布/施行 dates and 有效期 with their defaults (30 days; 5 years, 暂行/试行 2);
 * - status.ts — 有效/失效/废止/已修改 on a day from the dates and status events, the dated public
 *   history, the banner, and the gate that appends an event;
 * - cleanup.ts — the 清理 view: expiring within 180 days, not reviewed for 2 years, basis repealed;
 * - interpretations.ts — 解读 content (text, 简明问答, 图解 with alt text), who needs one, 同步 or 施行后;
 * - lifecycle.ts — draft → published, the officer's actions, the publish gate (三同步, adoption);
 * - consultations.ts — kinds, minimum windows (calendar or working days), open/closed, days left;
 * - adoption.ts — hearings (7 days' notice), the adoption report and the final-publication gate;
 * - platform.ts — the platform's four sections and the fifteen categories of Art. 20, and where
 *   each kind of public record goes;
 * - refusals.ts — `DocumentRefusalError` (a shared/refusal.ts `Refusal`), whose `type` has its
 *   message in shared/messages.ts and whose `status` (409 or 422) says which error the service raises.
 */

export {
  MAX_REGISTRATION_SEQUENCE,
  MIN_DOCUMENT_YEAR,
  documentNumberKey,
  formatDocumentNumber,
  formatRegistrationNumber,
  isRegistrationPrefix,
  latestDocumentYear,
  normalizeDocumentNumber,
  parseDocumentNumber,
  parseRegistrationNumber,
  type DocumentNumber,
  type RegistrationNumber,
} from "./documents/numbers.js";
export {
  DEFAULT_VALIDITY_RULES,
  PROVISIONAL_MARKERS,
  defaultEffectiveFrom,
  defaultValidityYears,
  isProvisionalTitle,
  lapsesOn,
  prepareDocument,
  resolveDates,
  VALIDITY_BASIS_LABELS,
  validityBasisLabel,
  validityEnd,
  type DocumentDateInput,
  type DocumentDates,
  type PreparedDocument,
  type ResolvedDates,
  type ValidityBasis,
  type ValidityRules,
} from "./documents/validity.js";
export {
  DOCUMENT_STATUSES,
  DOCUMENT_STATUS_LABELS,
  IN_FORCE_STATUSES,
  STATUS_EVENT_KINDS,
  appendStatusEvent,
  documentStatus,
  documentStatusHistory,
  isInForce,
  lastReviewedOn,
  statusBanner,
  type DocumentStatus,
  type DocumentStatusEvent,
  type StatusChange,
  type StatusEventOptions,
  type StatusOnDay,
} from "./documents/status.js";
export {
  CLEANUP_RULES,
  cleanupReasons,
  cleanupView,
  reviewDueOn,
  type CleanupCandidate,
  type CleanupReason,
} from "./documents/cleanup.js";
export {
  GRAPHIC_MEDIA_TYPES,
  INTERPRETATION_TIMING_LABELS,
  checkInterpretation,
  interpretationRequirement,
  planInterpretation,
  type GraphicMediaType,
  type InterpretationContent,
  type InterpretationGraphic,
  type InterpretationInput,
  type InterpretationPlan,
  type InterpretationRequirement,
  type InterpretationTiming,
  type QaPair,
} from "./documents/interpretations.js";
export {
  DOCUMENT_ACTIONS,
  DOCUMENT_STAGES,
  DOCUMENT_STAGE_LABELS,
  checkEditable,
  checkPublish,
  checkPublished,
  documentActions,
  type DocumentAction,
  type DocumentStage,
  type DocumentState,
  type PublishFacts,
} from "./documents/lifecycle.js";
export {
  CONSULTATION_KINDS,
  CONSULTATION_KIND_LABELS,
  MINIMUM_WINDOWS,
  checkCommentAllowed,
  checkWindow,
  daysLeft,
  isConsultationKind,
  minimumClosesOn,
  windowInstants,
  windowPhase,
  type CheckedWindow,
  type ConsultationKind,
  type ConsultationWindow,
  type DayUnit,
  type DaysLeft,
  type MinimumWindow,
  type WindowPhase,
} from "./documents/consultations.js";
export {
  HEARING_NOTICE_DAYS,
  checkAdoptionReport,
  checkFinalPublication,
  checkHearing,
  earliestHearingOn,
  type AdoptionReport,
  type AdoptionReportInput,
  type ConsultationGate,
  type Hearing,
  type HearingInput,
  type NotAdoptedGroup,
} from "./documents/adoption.js";
export {
  PLATFORM_RECORD_KINDS,
  PLATFORM_SECTIONS,
  RETENTION_LABELS,
  STATUTORY_CATEGORIES,
  placeOf,
  statutoryCategory,
  type PlatformPlace,
  type PlatformRecord,
  type PlatformRecordKind,
  type PlatformSectionId,
  type Retention,
  type StatutoryCategory,
  type StatutoryCategoryId,
} from "./documents/platform.js";
export {
  DOCUMENT_REFUSAL_STATUS,
  DocumentRefusalError,
  type DocumentRefusalType,
  type DocumentRefusalValues,
} from "./documents/refusals.js";
