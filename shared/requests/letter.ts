/**
 * The 政府信息公开申请答复告知书: the letter that answers a request (Arts. 36–39), built from the
 * answer — its type with the article of the 政府信息公开条例 it rests on, the text, what was found of
 * each document, any fee, and the remedies with their statutory periods (复议 60 days, 诉讼 6
 * months). The notices service renders and signs it like a notice; only the applicant gets it.
 */
import { chineseDate } from "../dates.js";
import { remedyText } from "../remedy-notice.js";
import { ANSWER_ITEM_MARKS, answerType, type AnswerItem, type AnswerTypeCode } from "./answers.js";

export const ANSWER_LETTER_TITLE = "政府信息公开申请答复告知书";

const REGULATION = "《中华人民共和国政府信息公开条例》";

/** The articles each answer rests on; none where the regulation names no one article for it. */
const BASIS: Partial<Record<AnswerTypeCode, string>> = {
  disclosed: "第三十六条第（二）项",
  partly_disclosed: "第三十七条",
  refused_state_secret: "第十四条、第三十六条第（三）项",
  refused_prohibited_by_law: "第十四条、第三十六条第（三）项",
  refused_security_stability: "第十四条、第三十六条第（三）项",
  refused_third_party_rights: "第十五条、第三十二条、第三十六条第（三）项",
  refused_internal_affairs: "第十六条第一款、第三十六条第（三）项",
  refused_process_information: "第十六条第二款、第三十六条第（三）项",
  refused_enforcement_file: "第十六条第二款、第三十六条第（三）项",
  refused_administrative_inquiry: "第三十六条第（七）项",
  unable_not_held: "第三十六条第（四）项",
  unable_needs_creation: "第三十八条",
  unable_still_unclear: "第三十条",
  not_processed_complaint: "第三十九条第一款",
  not_processed_repeat: "第三十六条第（六）项",
  not_processed_publication: "第三十九条第二款",
  not_processed_mass_repeat: "第三十五条",
  other_correction_overdue: "第三十条",
  other_fee_unpaid: "第四十二条",
};

/** "依据《中华人民共和国政府信息公开条例》第…的规定" for an answer type, or the regulation alone. */
export function answerBasis(code: AnswerTypeCode): string {
  const articles = BASIS[code];
  return `依据${REGULATION}${articles ?? ""}的规定`;
}

/** One line per document: what the answer says of it. */
export function itemLine(item: AnswerItem, n: number): string {
  const r = item.result;
  const said =
    r.mark === "already_public"
      ? `${ANSWER_ITEM_MARKS.already_public}，可在${r.where}查阅`
      : r.mark === "partly_provided"
        ? `${ANSWER_ITEM_MARKS.partly_provided}，其中${r.withheld}不予提供（理由：${answerType(r.ground).shortLabel}）`
        : r.mark === "not_provided"
          ? `${ANSWER_ITEM_MARKS.not_provided}（理由：${answerType(r.ground).shortLabel}）`
          : ANSWER_ITEM_MARKS[r.mark];
  return `${n}. ${item.title}：${said}。`;
}

export interface AnswerLetterInput {
  trackingCode: string;
  applicantName: string;
  /** 收到申请之日; the day of submission when receipt was never confirmed. */
  receivedOn: string;
  description: string;
  answerType: AnswerTypeCode;
  text: string;
  items: readonly AnswerItem[];
  answeredOn: string;
  /** The information processing fee charged (元), when any. */
  feeYuan?: number | null;
  /** The 复议机关 and the court, when the answering body names them. */
  reviewOrgan?: string;
  court?: string;
}

export interface AnswerLetter {
  title: string;
  documentNumber: string;
  fields: { label: string; value: string }[];
  sections: { heading: string; body: string }[];
  remedyNotice: string;
}

export function answerLetter(input: AnswerLetterInput): AnswerLetter {
  const type = answerType(input.answerType);
  const sections = [
    {
      heading: "答复",
      body: `${input.applicantName}：\n${chineseDate(input.receivedOn)}，本机关收到您提出的政府信息公开申请。${answerBasis(input.answerType)}，现答复如下：\n${input.text}`,
    },
  ];
  if (input.items.length) {
    sections.push({
      heading: "所申请信息的处理情况",
      body: input.items.map((item, i) => itemLine(item, i + 1)).join("\n"),
    });
  }
  if (input.feeYuan) {
    sections.push({
      heading: "信息处理费",
      body: `依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本次申请收取信息处理费人民币${input.feeYuan}元。`,
    });
  }
  return {
    title: ANSWER_LETTER_TITLE,
    documentNumber: `依申请公开〔${input.answeredOn.slice(0, 4)}〕${input.trackingCode}号`,
    fields: [
      { label: "申请人", value: input.applicantName },
      { label: "申请编号", value: input.trackingCode },
      { label: "收到申请日期", value: chineseDate(input.receivedOn) },
      { label: "申请内容", value: input.description },
      { label: "答复类型", value: type.shortLabel },
      { label: "答复日期", value: chineseDate(input.answeredOn) },
    ],
    sections,
    remedyNotice: remedyText(
      { review: input.reviewOrgan, court: input.court },
      { what: "本答复", document: "本告知书" },
    ),
  };
}
