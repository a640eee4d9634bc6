/** The verification QR code printed on a notice's page. */
import QRCode from "qrcode";
import { escapeHtml, raw, SafeHtml } from "../html/html.js";

/**
 * The QR code of a verification URL as inline SVG, named for screen readers. The encoder's markup
 * is trusted: the URL only shapes the modules and is never emitted as text; the label is escaped.
 */
export async function qrSvg(url: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(url, { type: "svg", margin: 1 });
  const label = escapeHtml(`核验二维码：${url}`);
  return raw(
    svg.replace(/<svg\b([^>]*)>/, (_match, attrs: string) => {
      return `<svg role="img" aria-label="${label}" focusable="false"${attrs}><title>${label}</title>`;
    }),
  );
}
