/**
 * A body's seal (电子印章): the PNG an administrator uploads, kept as bytes in duties, read by
 * results when a notice is published to draw it over the 落款. No seal is ever made up: a body
 * without an upload has none.
 */
import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { fieldProblem } from "../../../lib/errors.js";
import type { IdParams, SealImage, SealView, SetSealParams } from "../contract.js";
import { BodySeal } from "../entities.js";
import { requireBody, type DutiesDeps } from "./changes.js";

/** shared/messages.ts's SEAL_SIZE says these numbers. */
export const SEAL_LIMITS = { maxBytes: 256 * 1024, minSide: 64, maxSide: 2000 };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG's bytes, refused unless it is a PNG (signature, then IHDR) of a sensible size. */
function checkedPng(base64: string): Buffer {
  const png = Buffer.from(base64, "base64");
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString("latin1", 12, 16) !== "IHDR") {
    throw fieldProblem("png", "NOT_A_PNG", "the seal must be a PNG image");
  }
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const { maxBytes, minSide, maxSide } = SEAL_LIMITS;
  if (png.length > maxBytes || Math.min(width, height) < minSide || Math.max(width, height) > maxSide) {
    throw fieldProblem("png", "SEAL_SIZE", `at most ${maxBytes} bytes, sides ${minSide}–${maxSide} px`);
  }
  return png;
}

function sealView(s: BodySeal): SealView {
  return { bodyId: s.bodyId, size: s.png.length, sha256: s.sha256, uploadedAt: s.uploadedAt.toISOString() };
}

/** Sets (or replaces) a body's seal; administrators only (the service's roles). */
export async function setSeal(deps: DutiesDeps, params: SetSealParams): Promise<SealView> {
  const png = checkedPng(params.png);
  const em = deps.em.fork();
  await requireBody(em, params.bodyId);
  const seal = (await em.findOne(BodySeal, { bodyId: params.bodyId })) ?? new BodySeal();
  Object.assign(seal, {
    bodyId: params.bodyId,
    png,
    sha256: createHash("sha256").update(png).digest("hex"),
    uploadedAt: deps.now(),
  });
  await em.persist(seal).flush();
  return sealView(seal);
}

/** Removes a body's seal: its next notices carry none. True when there was one. */
export async function removeSeal(em: EntityManager, { id }: IdParams): Promise<boolean> {
  return (await em.nativeDelete(BodySeal, { bodyId: id })) > 0;
}

/** A body's seal as base64 PNG, or null when it has none. */
export async function getSeal(em: EntityManager, { id }: IdParams): Promise<SealImage | null> {
  const seal = await em.findOne(BodySeal, { bodyId: id });
  return seal ? { png: seal.png.toString("base64") } : null;
}
