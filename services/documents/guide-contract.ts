/**
 * The 政府信息公开指南 (条例 Art. 12) of each body, kept by the documents service: its officers
 * (admins: any body's) read it with every version and write a new version, which the outbox
 * publishes to the feed like a document.
 */
import { action } from "../../lib/contract.js";
import { json } from "../../lib/replies.js";
import { GUIDE_MAX_CHARS } from "../../shared/documents.js";
import { ID } from "../../shared/validation.js";
import { GUIDE_VIEW, type GuideView } from "./views.js";

export interface GuideParams {
  bodyId: string;
}

export interface EditGuideParams {
  bodyId: string;
  /** The whole new text (a new version; earlier versions stay). */
  text: string;
}

export const guides = {
  get: action<GuideParams, GuideView>("documents.getGuide", { bodyId: ID }, json(GUIDE_VIEW)),
  edit: action<EditGuideParams, GuideView>(
    "documents.editGuide",
    { bodyId: ID, text: { type: "string", max: GUIDE_MAX_CHARS } },
    json(GUIDE_VIEW),
  ),
};
