/**
 * The real PDF and PKI tools, run on buffers: poppler's pdfsig/pdftotext/pdfinfo judge our output
 * independently of the code that wrote it, and openssl builds PKCS#12 files the way CAs do.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` with the given files written to a fresh temporary directory; `{name}` in args is the path. */
function runWithFiles(command: string, args: string[], files: Record<string, Buffer | string>): ToolResult {
  const dir = mkdtempSync(path.join(tmpdir(), "pdf-tools-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const resolved = args.map((arg) => arg.replace(/\{([\w.-]+)\}/g, (_, name: string) => path.join(dir, name)));
    const result = spawnSync(command, resolved, { encoding: "utf8" });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfsig(pdf: Buffer): ToolResult {
  return runWithFiles("pdfsig", ["{in.pdf}"], { "in.pdf": pdf });
}

export function pdftotext(pdf: Buffer): string {
  const result = runWithFiles("pdftotext", ["-enc", "UTF-8", "{in.pdf}", "-"], { "in.pdf": pdf });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

/** The text of one page (1-based). */
export function pdftotextPage(pdf: Buffer, page: number): string {
  const args = ["-enc", "UTF-8", "-f", String(page), "-l", String(page), "{in.pdf}", "-"];
  const result = runWithFiles("pdftotext", args, { "in.pdf": pdf });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

export interface GrayImage {
  width: number;
  height: number;
  /** One byte a pixel, row by row, 0 black to 255 white. */
  pixels: Buffer;
}

/** One page (1-based) rasterised by pdftoppm in grey at 72 dpi, so a pixel is a point. */
export function pdfPageGray(pdf: Buffer, page: number): GrayImage {
  const dir = mkdtempSync(path.join(tmpdir(), "pdf-tools-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    const args = ["-gray", "-r", "72", "-f", String(page), "-l", String(page), "-singlefile"];
    const result = spawnSync("pdftoppm", [...args, path.join(dir, "in.pdf"), path.join(dir, "out")], {
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr}`);
    const pgm = readFileSync(path.join(dir, "out.pgm"));
    // P5 header: magic, width, height, maxval, each ended by whitespace.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString("latin1"));
    if (!header) throw new Error("pdftoppm did not write a PGM");
    const [width, height] = [Number(header[1]), Number(header[2])];
    return { width, height, pixels: pgm.subarray(header[0].length) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdfinfo's "Key: value" lines as a record. */
export function pdfinfo(pdf: Buffer): Record<string, string> {
  const result = runWithFiles("pdfinfo", ["-enc", "UTF-8", "{in.pdf}"], { "in.pdf": pdf });
  if (result.status !== 0) throw new Error(`pdfinfo failed: ${result.stderr}`);
  const info: Record<string, string> = {};
  for (const line of result.stdout.split("\n")) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1] as string] = match[2] as string;
  }
  return info;
}

/** Chinese text has no spaces of its own, and pdftotext inserts them where lines and columns meet. */
export function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, "");
}

export function hasOpenssl(): boolean {
  return spawnSync("openssl", ["version"]).status === 0;
}

/**
 * A PKCS#12 file built by the openssl CLI. `legacy` uses PBE-SHA1-3DES bags and a SHA-1 MAC, as
 * older CA tools do; otherwise OpenSSL 3's default PBES2/AES-256 with a SHA-256 MAC.
 */
export function opensslP12(certificatePem: string, privateKeyPem: string, password: string, legacy = false): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "pdf-tools-"));
  try {
    const [cert, key, out] = ["cert.pem", "key.pem", "out.p12"].map((name) => path.join(dir, name)) as [
      string,
      string,
      string,
    ];
    writeFileSync(cert, certificatePem);
    writeFileSync(key, privateKeyPem);
    const algorithms = legacy ? ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"] : [];
    const args = ["pkcs12", "-export", "-in", cert, "-inkey", key, "-out", out, "-passout", "env:P12_PASSWORD"];
    const result = spawnSync("openssl", [...args, ...algorithms], {
      encoding: "utf8",
      env: { ...process.env, P12_PASSWORD: password },
    });
    if (result.status !== 0) throw new Error(`openssl pkcs12 failed: ${result.stderr}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
