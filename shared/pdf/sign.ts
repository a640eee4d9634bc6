/**
 * PDF signing in the PAdES baseline (B-B) style: an invisible signature field whose /Contents is a
 * detached CMS SignedData over the file's ByteRange, SHA-256, with the signer's certificate
 * embedded and the signed attributes ETSI EN 319 142-1 asks for (content-type, message-digest,
 * signing-certificate-v2). The claimed signing time goes in the signature dictionary's /M; PAdES
 * forbids the CMS signing-time attribute, which is written only for the legacy adbe.pkcs7.detached.
 *
 * The CMS is assembled here (see der.ts) and signed with node:crypto: @signpdf/signer-p12 goes
 * through node-forge, which re-encodes the certificate and breaks Chinese names, and is ~35× slower.
 */
import { createHash, sign as cryptoSign } from "node:crypto";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { SignPdf } from "@signpdf/signpdf";
import { Signer } from "@signpdf/utils";
import type { SigningIdentity } from "./certificate.js";
import { NULL, TAG, octetString, oid, sequence, setOf, smallInteger, time, tlv } from "./der.js";

export type SignatureSubFilter = "ETSI.CAdES.detached" | "adbe.pkcs7.detached";

export interface SignPdfOptions {
  /** /Reason, e.g. 行政执法公示. */
  reason: string;
  /** /Location, e.g. 浙江省杭州市. */
  location: string;
  /** /Name; defaults to the certificate's CN. Readers show the certificate's name regardless. */
  name?: string;
  contactInfo?: string;
  /** Written as /M (and, for adbe.pkcs7.detached only, as the CMS signing-time). */
  signingTime: Date;
  /** ETSI.CAdES.detached (PAdES) unless a consumer only understands the older form. */
  subFilter?: SignatureSubFilter;
}

const OIDS = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
} as const;

/** Appends an invisible signature field (incremental update) and fills it. The input is not modified. */
export async function signPdf(pdf: Buffer, identity: SigningIdentity, options: SignPdfOptions): Promise<Buffer> {
  const subFilter = options.subFilter ?? "ETSI.CAdES.detached";
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: options.reason,
    location: options.location,
    name: options.name ?? identity.commonName,
    contactInfo: options.contactInfo ?? "",
    signingTime: options.signingTime,
    signatureLength: placeholderLength(identity),
    subFilter,
  });
  const signer = new CmsSigner(identity, subFilter === "adbe.pkcs7.detached");
  return new SignPdf().sign(withPlaceholder, signer, options.signingTime);
}

/** Bytes reserved for the CMS: the certificates, the signer id twice, the signature, and slack for the rest. */
function placeholderLength(identity: SigningIdentity): number {
  const certificates = [identity.certificateDer, ...identity.chainDer].reduce((sum, der) => sum + der.length, 0);
  return certificates + 2 * (identity.issuerDer.length + identity.serialNumberDer.length) + 512 + 1024;
}

/** @signpdf calls this with the file minus the /Contents placeholder, i.e. exactly the ByteRange. */
class CmsSigner extends Signer {
  constructor(
    private readonly identity: SigningIdentity,
    private readonly includeSigningTime: boolean,
  ) {
    super();
  }

  override async sign(signedBytes: Buffer, signingTime?: Date): Promise<Buffer> {
    return createDetachedCms(this.identity, signedBytes, {
      signingTime: this.includeSigningTime ? (signingTime ?? new Date()) : undefined,
    });
  }
}

/** The parts of the CMS that depend only on the identity, built once per identity. */
interface IdentityParts {
  certificates: Buffer;
  signerIdentifier: Buffer;
  signingCertificateV2: Buffer;
  signatureAlgorithm: Buffer;
}

const partsCache = new WeakMap<SigningIdentity, IdentityParts>();

function identityParts(identity: SigningIdentity): IdentityParts {
  let parts = partsCache.get(identity);
  if (parts) return parts;
  const { certificateDer, chainDer, issuerDer, serialNumberDer } = identity;
  parts = {
    // certificates [0] IMPLICIT CertificateSet: the DER as issued, signer first.
    certificates: tlv(TAG.context(0), certificateDer, ...chainDer),
    // IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber }
    signerIdentifier: sequence(issuerDer, serialNumberDer),
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } (RFC 5035); ESSCertIDv2 ::=
    // SEQUENCE { certHash (SHA-256, the default algorithm, so not named), issuerSerial IssuerSerial }
    // where IssuerSerial ::= SEQUENCE { issuer GeneralNames ([4] directoryName), serialNumber }.
    signingCertificateV2: attribute(
      OIDS.signingCertificateV2,
      sequence(
        sequence(
          sequence(
            octetString(createHash("sha256").update(certificateDer).digest()),
            sequence(sequence(tlv(TAG.context(4), issuerDer)), serialNumberDer),
          ),
        ),
      ),
    ),
    signatureAlgorithm:
      identity.keyType === "rsa" ? sequence(oid(OIDS.rsaEncryption), NULL) : sequence(oid(OIDS.ecdsaWithSha256)),
  };
  partsCache.set(identity, parts);
  return parts;
}

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF value } */
function attribute(type: string, value: Buffer): Buffer {
  return sequence(oid(type), setOf(value));
}

/**
 * A detached CMS SignedData (RFC 5652) over `content`: ContentInfo { signedData, [0] SignedData {
 * version 1, {sha256}, {id-data, no content}, [0] certificates, { SignerInfo } } }.
 */
export function createDetachedCms(
  identity: SigningIdentity,
  content: Uint8Array,
  options: { signingTime?: Date } = {},
): Buffer {
  const parts = identityParts(identity);
  const digestAlgorithm = sequence(oid(OIDS.sha256)); // parameters absent for SHA-2 (RFC 5754)
  const attributes = [
    attribute(OIDS.contentType, oid(OIDS.data)),
    attribute(OIDS.messageDigest, octetString(createHash("sha256").update(content).digest())),
    parts.signingCertificateV2,
  ];
  if (options.signingTime) attributes.push(attribute(OIDS.signingTime, time(options.signingTime)));
  // The signature covers the attributes as a DER SET OF; the SignerInfo carries the same bytes
  // under the [0] IMPLICIT tag.
  const signedAttributes = setOf(...attributes);
  const signature = cryptoSign("sha256", signedAttributes, identity.privateKey);
  const signerInfo = sequence(
    smallInteger(1), // version 1: sid is IssuerAndSerialNumber
    parts.signerIdentifier,
    digestAlgorithm,
    Buffer.concat([Buffer.from([TAG.context(0)]), signedAttributes.subarray(1)]),
    parts.signatureAlgorithm,
    octetString(signature),
  );
  const signedData = sequence(
    smallInteger(1),
    setOf(digestAlgorithm),
    sequence(oid(OIDS.data)),
    parts.certificates,
    setOf(signerInfo),
  );
  return sequence(oid(OIDS.signedData), tlv(TAG.context(0), signedData));
}
