/**
 * The answer's attachments in the requests contract: the upload (the file is the request body),
 * the officers' and the applicant's downloads, and the rules of the lists the detail and the
 * tracking views carry. contract.ts spreads these actions into `requests`.
 */
import { action } from "../../lib/contract.js";
import { arr, INT, json, media, obj, oneOf, STR } from "../../lib/replies.js";
import { CLEAN_TYPES } from "../../shared/file-clean.js";
import { ID } from "../../shared/validation.js";
import type { AttachmentParams, AttachmentView, PublicAttachmentParams, UploadAttachmentParams } from "./types.js";

const PUBLIC_FIELDS = { n: INT, name: STR, type: oneOf(Object.keys(CLEAN_TYPES)), size: INT, sha256: STR };
export const PUBLIC_ATTACHMENTS = arr(obj(PUBLIC_FIELDS));
export const ATTACHMENTS = arr(obj({ ...PUBLIC_FIELDS, removed: arr(STR), uploadedAt: STR }));

const N = { type: "number", integer: true, min: 1, max: 1000, convert: true } as const;
const FILE = media("application/octet-stream", "The file as kept: cleaned of its hidden metadata");

export const attachmentActions = {
  /** The file arrives as the request stream; the route's id and the query's name are the params. */
  uploadAttachment: action<UploadAttachmentParams, AttachmentView>(
    "requests.uploadAttachment",
    { id: ID, name: { type: "string", max: 300, optional: true } },
    json(obj({ ...PUBLIC_FIELDS, removed: arr(STR), uploadedAt: STR })),
  ),
  attachment: action<AttachmentParams, NodeJS.ReadableStream>("requests.attachment", { id: ID, n: N }, FILE),
  publicAttachment: action<PublicAttachmentParams, NodeJS.ReadableStream>(
    "requests.publicAttachment",
    { trackingCode: { type: "string", min: 1, max: 40 }, n: N },
    FILE,
  ),
};
