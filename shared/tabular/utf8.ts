/**
 * Text written piece by piece and encoded as UTF-8 in batches of about a million characters, so a
 * large sheet never becomes one string (V8 caps a string near 2^29 characters) and memory stays low.
 */
export class Utf8Writer {
  private readonly encoder = new TextEncoder();
  private readonly chunks: Uint8Array[] = [];
  private batch: string[] = [];
  private chars = 0;
  private bytes = 0;

  write(s: string): void {
    this.batch.push(s);
    this.chars += s.length;
    if (this.chars >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const chunk = this.encoder.encode(this.batch.join(""));
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.batch = [];
    this.chars = 0;
  }

  /** All that was written, as one array. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const out = new Uint8Array(this.bytes);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
