/**
 * Signing identities (签章证书) for published notices: a private key and the X.509 certificate that
 * names the issuing body. The certificate, its issuer Name and serial are kept as the exact DER
 * bytes they were issued as: node-forge rebuilds names from its decoded attributes and encodes
 * UTF-8 Chinese twice, and a CMS whose signer identifier or certificate differs by a byte from the
 * issued one fails validation (pdfsig: "Signature is Invalid").
 *
 * Certificates are generated with pkijs rather than @peculiar/x509: the latter pulls in tsyringe,
 * which throws at import unless a Reflect metadata polyfill is loaded first, and this project
 * runs without decorator metadata.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  KeyObject,
  randomBytes,
  sign as cryptoSign,
  X509Certificate,
} from "node:crypto";
import { promisify } from "node:util";
import * as asn1js from "asn1js";
import forge from "node-forge";
import * as pkijs from "pkijs";

/** What is stored in configuration or a secret: PEM text, the signer's certificate first, then its chain. */
export interface SigningIdentityPem {
  certificatePem: string;
  privateKeyPem: string;
}

/** A loaded identity: parse once at start-up and reuse, so each signature costs only the RSA operation. */
export interface SigningIdentity {
  /** node:crypto signs with it in about 1 ms; node-forge's pure-JS RSA takes about 35. */
  readonly privateKey: KeyObject;
  readonly keyType: "rsa" | "ec";
  /** The signer's certificate exactly as issued. */
  readonly certificateDer: Buffer;
  /** Intermediate certificates to embed after the signer's, as issued. */
  readonly chainDer: readonly Buffer[];
  readonly certificate: X509Certificate;
  /** Subject CN, e.g. 浙江省民政厅; the name a PDF reader shows for the signer. */
  readonly commonName: string;
  /** The certificate's issuer Name and serialNumber as their original DER, for the CMS signer identifier. */
  readonly issuerDer: Buffer;
  readonly serialNumberDer: Buffer;
}

export interface GenerateSigningIdentityOptions {
  /** CN, usually the body's full name: 浙江省民政厅. */
  commonName: string;
  /** O, usually the same body or its parent government. */
  organization: string;
  country?: "CN";
  validYears: number;
  /** RSA-2048 is what every PDF reader accepts; P-256 gives smaller signatures. */
  keyAlgorithm?: "RSA-2048" | "ECDSA-P256";
  /** Start of validity; defaults to now (whole seconds, as X.509 times carry no fraction). */
  notBefore?: Date;
}

const OID = {
  countryName: "2.5.4.6",
  organizationName: "2.5.4.10",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
} as const;

/**
 * A self-signed certificate for a body that has no certificate from a CA yet (and for tests). It
 * is valid for signing only: keyUsage digitalSignature + nonRepudiation, not a CA. Readers report
 * its issuer as untrusted, which is true; the signature itself validates.
 */
export async function generateSigningIdentity(options: GenerateSigningIdentityOptions): Promise<SigningIdentityPem> {
  const ecdsa = options.keyAlgorithm === "ECDSA-P256";
  const { publicKey, privateKey } = ecdsa
    ? await generateKeyPairAsync("ec", { namedCurve: "P-256" })
    : await generateKeyPairAsync("rsa", { modulusLength: 2048 });

  const notBefore = new Date(Math.floor((options.notBefore ?? new Date()).getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + options.validYears);

  const cert = new pkijs.Certificate();
  cert.version = 2; // v3
  cert.serialNumber = new asn1js.Integer({ valueHex: positiveSerial() });
  const name = distinguishedName([
    // PrintableString for the country code as X.520 requires; UTF8String for names (RFC 5280 §4.1.2.4).
    [OID.countryName, new asn1js.PrintableString({ value: options.country ?? "CN" })],
    [OID.organizationName, new asn1js.Utf8String({ value: options.organization })],
    [OID.commonName, new asn1js.Utf8String({ value: options.commonName })],
  ]);
  cert.subject = name;
  cert.issuer = name;
  cert.notBefore = x509Time(notBefore);
  cert.notAfter = x509Time(notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(publicKey.export({ type: "spki", format: "der" }));

  const keyId = createHash("sha1").update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  // digitalSignature (bit 0) and nonRepudiation (bit 1): 0b11000000 with the 6 unused bits dropped.
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 });
  const basicConstraints = new pkijs.BasicConstraints({ cA: false });
  const authorityKeyId = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: keyId }),
  });
  cert.extensions = [
    extension(OID.basicConstraints, true, basicConstraints.toSchema()),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: keyId })),
    extension(OID.authorityKeyIdentifier, false, authorityKeyId.toSchema()),
  ];

  // Signed here rather than with pkijs's cert.sign(): that needs WebCrypto keys and leaves out the
  // NULL parameters RFC 4055 requires after sha256WithRSAEncryption. node's ECDSA output is already
  // the DER Ecdsa-Sig-Value X.509 wants.
  const signatureAlgorithm = ecdsa
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
    : new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() });
  cert.signature = signatureAlgorithm;
  cert.signatureAlgorithm = signatureAlgorithm;
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.signatureValue = new asn1js.BitString({ valueHex: cryptoSign("sha256", cert.tbsView, privateKey) });

  const certificateDer = Buffer.from(cert.toSchema(false).toBER(false)); // false: the TBS bytes just signed
  return {
    certificatePem: new X509Certificate(certificateDer).toString(),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** A positive 127-bit serial: RFC 5280 wants it unpredictable, at most 20 octets and not negative. */
function positiveSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  return serial;
}

/**
 * One attribute per RDN (C=CN, O=…, CN=…). pkijs would put them all in a single multi-valued RDN,
 * so the Name is encoded here and handed over as decoded bytes, which pkijs then keeps as they are.
 */
function distinguishedName(attributes: [string, asn1js.BaseBlock][]): pkijs.RelativeDistinguishedNames {
  const name = new asn1js.Sequence({
    value: attributes.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), value] })],
        }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(name.toBER(false));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function x509Time(value: Date): pkijs.Time {
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/**
 * Reads a PKCS#12 (.p12 / .pfx) file as issued by a CA or exported by a browser. node-forge does
 * only the decryption (it supports the legacy 3DES/RC2 bags that Chinese CAs still ship as well
 * as PBES2/AES); its signing and its certificate encoder are never used.
 */
export function loadSigningIdentityFromP12(p12: Buffer, password: string): SigningIdentityPem {
  const pfx = decryptP12(forge.asn1.fromDer(p12.toString("binary")), password);
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const keyBag = keyBags[0];
  if (!keyBag) throw new Error("PKCS#12 holds no private key");
  // forge parses RSA keys itself and leaves others (EC) as the PrivateKeyInfo it could not read.
  const privateKeyInfo = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  const privateKey = createPrivateKey({
    key: binary(forge.asn1.toDer(privateKeyInfo).getBytes()),
    format: "der",
    type: "pkcs8",
  });

  const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certificates = certBags.map((bag) => originalCertificateDer(bag));
  if (certificates.length === 0) throw new Error("PKCS#12 holds no certificate");
  return {
    certificatePem: orderSignerFirst(certificates, privateKey)
      .map((der) => new X509Certificate(der).toString())
      .join(""),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

/**
 * PKCS#12 feeds the password to its MAC and legacy PBE as UTF-16 (BMPString) but to PBES2/AES (the
 * OpenSSL 3 default) as UTF-8; forge uses one JS string for both, which is only right for ASCII.
 * So a non-ASCII password whose MAC verified but whose bags did not decrypt is retried as UTF-8
 * bytes, without the already-verified MAC.
 */
function decryptP12(pfxAsn1: forge.asn1.Asn1, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(pfxAsn1, password);
  } catch (error) {
    const macFailed = error instanceof Error && error.message.includes("MAC could not be verified");
    if (macFailed || [...password].every((ch) => ch.charCodeAt(0) < 0x80)) throw error;
    const withoutMac = { ...pfxAsn1, value: (pfxAsn1.value as forge.asn1.Asn1[]).slice(0, 2) };
    return forge.pkcs12.pkcs12FromAsn1(withoutMac, forge.util.encodeUtf8(password));
  }
}

/**
 * The certificate's DER as it sits in the bag. forge keeps the TBSCertificate as the ASN.1 tree it
 * read, whose primitives hold their original bytes, so writing that tree back is exact; forge's
 * decoded fields (subject, issuer attributes) are never re-encoded. The outer signatureAlgorithm
 * is copied from the TBS, which RFC 5280 requires to be identical. Tests compare with OpenSSL's DER.
 */
function originalCertificateDer(bag: forge.pkcs12.Bag): Buffer {
  if (!bag.cert) return binary(forge.asn1.toDer(bag.asn1).getBytes()); // a key type forge cannot read (EC)
  const tbs = bag.cert.tbsCertificate;
  const fields = tbs.value as forge.asn1.Asn1[];
  const hasVersion = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  const signatureAlgorithm = fields[hasVersion ? 2 : 1];
  if (!signatureAlgorithm) throw new Error("PKCS#12 certificate has no signature algorithm");
  const { Class, Type } = forge.asn1;
  const certificate = forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    tbs,
    signatureAlgorithm,
    // forge's signature is a binary string; the BIT STRING's first octet is its 0 unused bits.
    forge.asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, "\x00" + (bag.cert.signature as string)),
  ]);
  return binary(forge.asn1.toDer(certificate).getBytes());
}

function binary(bytes: string): Buffer {
  return Buffer.from(bytes, "binary");
}

/** Parses PEM text into an identity, checking that the key belongs to the certificate. */
export function loadSigningIdentityFromPem(pem: SigningIdentityPem, passphrase?: string): SigningIdentity {
  const privateKey = createPrivateKey({ key: pem.privateKeyPem, passphrase });
  const keyType = privateKey.asymmetricKeyType;
  if (keyType !== "rsa" && keyType !== "ec") throw new Error(`unsupported signing key type ${keyType}`);
  const blocks = [...pem.certificatePem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  const [certificateDer, ...chainDer] = orderSignerFirst(
    blocks.map((block) => Buffer.from((block[1] as string).replace(/\s+/g, ""), "base64")),
    privateKey,
  );
  if (!certificateDer) throw new Error("no certificate in certificatePem");
  const certificate = new X509Certificate(certificateDer);
  if (!certificate.checkPrivateKey(privateKey)) throw new Error("the private key does not match the certificate");
  const fields = tbsFields(certificateDer);
  return {
    privateKey,
    keyType,
    certificateDer,
    chainDer,
    certificate,
    commonName: commonNameOf(fields.subject) ?? certificate.subject,
    issuerDer: rawBytes(fields.issuer),
    serialNumberDer: rawBytes(fields.serialNumber),
  };
}

/** Puts the certificate that matches the key first; the rest is the chain, in the order given. */
function orderSignerFirst(certificates: Buffer[], privateKey: KeyObject): Buffer[] {
  const index = certificates.findIndex((der) => new X509Certificate(der).checkPrivateKey(privateKey));
  if (index < 0) throw new Error("no certificate matches the private key");
  return [certificates[index] as Buffer, ...certificates.filter((_, i) => i !== index)];
}

interface TbsFields {
  serialNumber: asn1js.BaseBlock;
  issuer: asn1js.BaseBlock;
  subject: asn1js.BaseBlock;
}

/** TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject, … } */
function tbsFields(certificateDer: Buffer): TbsFields {
  const parsed = asn1js.fromBER(certificateDer);
  if (parsed.offset === -1) throw new Error(`certificate is not DER: ${parsed.result.error}`);
  const tbs = (parsed.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const skip = fields[0]?.idBlock.tagClass === 3 ? 1 : 0; // context-specific [0] version
  const [serialNumber, , issuer, , subject] = fields.slice(skip);
  if (!serialNumber || !issuer || !subject) throw new Error("certificate TBS is incomplete");
  return { serialNumber, issuer, subject };
}

function rawBytes(block: asn1js.BaseBlock): Buffer {
  return Buffer.from(block.valueBeforeDecodeView);
}

/** The last CN in the Name (the most specific one), decoded whatever string type the CA chose. */
function commonNameOf(name: asn1js.BaseBlock): string | undefined {
  let found: string | undefined;
  for (const rdn of (name as asn1js.Sequence).valueBlock.value as asn1js.Set[]) {
    for (const attribute of rdn.valueBlock.value as asn1js.Sequence[]) {
      const [type, value] = attribute.valueBlock.value;
      if (
        (type as asn1js.ObjectIdentifier).valueBlock.toString() === OID.commonName &&
        value instanceof asn1js.BaseStringBlock
      ) {
        found = value.getValue();
      }
    }
  }
  return found;
}
