/**
 * The report's signed PDF: rendered, signed and stored by the notices service as a letter (the
 * same signing as every notice: verification code, QR, PAdES), its tables written out row by row.
 */
import { call } from "../../../lib/contract.js";
import { dependencyCall } from "../../../lib/errors.js";
import { formatCell, type ReportSection, type ReportTable } from "../../../shared/reports.js";
import { duties } from "../../duties/contract.js";
import { notices } from "../../notices/contract.js";
import type { AnnualReport } from "../entities.js";
import type { Printed } from "./counted.js";
import type { ReportsDeps } from "./deps.js";

/** A table as lines: each row's labels, then each column's words and value. */
export function tableLines(table: ReportTable): string[] {
  return table.blocks.flatMap((block) => {
    const rows = block.rows.map((row) => {
      const head = row.labels.length ? `${row.labels.join(" ")}：` : "";
      const cells = row.cells.map((v, c) => {
        const column = block.columns[c];
        return `${column?.labels.join(" ") ?? ""} ${formatCell(v, column?.unit ?? "count")}`;
      });
      return `${head}${cells.join("；")}`;
    });
    return block.caption ? [block.caption, ...rows] : rows;
  });
}

export function sectionText(s: ReportSection): string {
  return [...s.paragraphs, ...(s.table ? tableLines(s.table) : [])].join("\n") || "（无）";
}

export async function signReport(
  deps: ReportsDeps,
  r: AnnualReport,
  shown: Printed,
): Promise<{ letterId: string; verifyCode: string; sha256: string }> {
  const body = await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: r.bodyId }));
  const issued = await dependencyCall("notices", () =>
    call(deps.caller, notices.issueLetter, {
      sourceType: "report",
      sourceId: r.id,
      bodyId: r.bodyId,
      bodyName: r.bodyName,
      bodyCreditCode: body.creditCode,
      title: shown.title,
      documentNumber: `${r.year}年度`,
      fields: [
        { label: "发布机关", value: r.bodyName },
        { label: "报告年度", value: `${r.year}年` },
      ],
      sections: shown.sections.map((s) => ({ heading: s.title, body: sectionText(s) })),
    }),
  );
  return { letterId: issued.letterId, verifyCode: issued.verifyCode, sha256: issued.sha256 };
}
