/**
 * The numbers of a report: the records gathered over the bus from the services that own them,
 * counted by the shared rules (shared/reports), and the report as printed — its sections with
 * their tables, after the officer's corrections. Nothing personal is gathered: kinds, days, amounts.
 */
import { call, type Caller } from "../../../lib/contract.js";
import { dependencyCall } from "../../../lib/errors.js";
import {
  applyOverrides,
  countDisclosureTables,
  countEnforcement,
  countInformationFees,
  disclosureProblems,
  disclosureReportSections,
  disclosureReportTitle,
  ENFORCEMENT_TITLE,
  enforcementTableViews,
  type AppliedOverride,
  type CellOverride,
  type CellProblem,
  type DisclosureNarrative,
  type DisclosureTables,
  type EnforcementData,
  type InformationFees,
  type ReportSection,
} from "../../../shared/reports.js";
import { cases } from "../../cases/contract.js";
import { documents } from "../../documents/contract.js";
import { duties } from "../../duties/contract.js";
import { requests } from "../../requests/contract.js";
import { results } from "../../results/contract.js";
import type { ReportKind } from "../entities.js";

/** What a 政府信息公开工作年度报告 counts. */
export interface DisclosureCounted {
  kind: "gov-info";
  tables: DisclosureTables;
  informationFees: InformationFees;
}

/** What the 行政执法年度数据 counts. */
export interface EnforcementCounted {
  kind: "enforcement";
  data: EnforcementData;
}

export type Counted = DisclosureCounted | EnforcementCounted;

/** Gathers the body's records of the year and counts them. */
export async function countReport(caller: Caller, kind: ReportKind, bodyId: string, year: number): Promise<Counted> {
  const p = { bodyId, year };
  const decisions = await dependencyCall("results", () => call(caller, results.reportDecisions, p));
  if (kind === "enforcement") {
    const [powerCategories, licenceApplications] = await Promise.all([
      dependencyCall("duties", () => call(caller, duties.powerCategories, { bodyId })),
      dependencyCall("cases", () => call(caller, cases.reportLicenceApplications, p)),
    ]);
    return { kind, data: countEnforcement({ powerCategories, decisions, licenceApplications }, year) };
  }
  const [docs, records] = await Promise.all([
    dependencyCall("documents", () => call(caller, documents.reportDocuments, p)),
    dependencyCall("requests", () => call(caller, requests.reportRecords, p)),
  ]);
  const input = { documents: docs, decisions, fees: [], requests: records.requests, remedies: records.remedies };
  return {
    kind,
    tables: countDisclosureTables(input, year),
    informationFees: countInformationFees(records.informationFees, year),
  };
}

/** A report as printed: its title, sections (tables included) and the numbers behind them. */
export interface Printed {
  title: string;
  sections: ReportSection[];
  /** The tables' numbers after the corrections (DisclosureTables) or the six tables' counts. */
  data: DisclosureTables | EnforcementData;
  overrides: AppliedOverride[];
  /** What would stop publication (政府信息公开: broken sums). */
  problems: CellProblem[];
}

export function printed(
  counted: Counted,
  r: { bodyName: string; year: number; narrative: DisclosureNarrative; overrides: readonly CellOverride[] },
): Printed {
  if (counted.kind === "enforcement") {
    const sections = enforcementTableViews(counted.data).map((t) => ({
      number: t.title.slice(0, 1),
      title: t.title,
      paragraphs: [],
      table: t,
    }));
    return {
      title: `${r.bodyName}${r.year}年${ENFORCEMENT_TITLE}`,
      sections,
      data: counted.data,
      overrides: [],
      problems: [],
    };
  }
  const { tables, applied } = applyOverrides(counted.tables, r.overrides);
  const report = {
    bodyName: r.bodyName,
    year: r.year,
    tables,
    narrative: r.narrative,
    informationFees: counted.informationFees,
  };
  return {
    title: disclosureReportTitle(r.bodyName, r.year),
    sections: disclosureReportSections(report),
    data: tables,
    overrides: applied,
    problems: disclosureProblems(tables),
  };
}
