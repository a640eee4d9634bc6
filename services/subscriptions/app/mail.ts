/**
 * Mail: through the relay SMTP_URL names, or, with none configured (a development machine), as
 * .eml files under DATA_DIR/mail that the operator can open. Every mail about a subscription says
 * how to manage it and carries a one-click unsubscribe (RFC 8058: List-Unsubscribe with an HTTPS
 * URI, List-Unsubscribe-Post: List-Unsubscribe=One-Click).
 */
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { CHANGE_TYPE_LABELS, type ChangeType } from "../../../shared/subscriptions.js";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: opts.from, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const dir = path.join(opts.dataDir, "mail");
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: opts.from, ...mail });
      await fs.promises.mkdir(dir, { recursive: true });
      await fs.promises.writeFile(
        path.join(dir, `${Date.now()}-${info.messageId.replace(/[^\w.-]/g, "")}.eml`),
        info.message as Buffer,
      );
    },
    close: () => transport.close(),
  };
}

/** The links a subscriber's mails carry. */
export interface Links {
  manage: string;
  /** The one-click unsubscribe URI (POST), RFC 8058. */
  unsubscribe: string;
}

export function unsubscribeHeaders(links: Links): Record<string, string> {
  return {
    "List-Unsubscribe": `<${links.unsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

const FOOTER = (links: Links) =>
  ["", "——", `管理或退订本订阅：${links.manage}`, "本邮件由系统自动发送，请勿直接回复。"].join("\n");

export function confirmationMail(to: string, what: string, confirmUrl: string, links: Links): Mail {
  return {
    to,
    subject: "请确认您的公示订阅",
    text: [
      "您好：",
      "",
      `有人（希望是您本人）用此邮箱订阅了行政执法公示平台的以下内容：${what}`,
      "",
      `请打开以下链接确认订阅（确认前不会发送任何通知）：${confirmUrl}`,
      "",
      "如果不是您本人订阅，请忽略本邮件，订阅不会生效。",
      FOOTER(links),
    ].join("\n"),
  };
}

export interface MailItem {
  type: ChangeType;
  title: string;
  url: string;
  at: string;
}

export function changesMail(to: string, what: string, items: MailItem[], digest: boolean, links: Links): Mail {
  const first = items[0] as MailItem;
  const subject =
    items.length === 1 && !digest
      ? `【${CHANGE_TYPE_LABELS[first.type]}】${first.title}`
      : `公示订阅${digest ? "汇总" : "通知"}：${items.length} 条变化`;
  return {
    to,
    subject,
    headers: unsubscribeHeaders(links),
    text: [
      `您订阅的内容（${what}）有以下变化：`,
      "",
      ...items.map((i, n) => `${n + 1}. 【${CHANGE_TYPE_LABELS[i.type]}】${i.title}\n   ${i.url}`),
      FOOTER(links),
    ].join("\n"),
  };
}

export function disabledMail(to: string, what: string, why: string, links: Links): Mail {
  return {
    to,
    subject: "您的公示订阅已停用",
    headers: unsubscribeHeaders(links),
    text: [
      `您的订阅（${what}）已停用：${why}。`,
      "",
      "修复接收地址后，可在管理页面重新验证并启用，并补发停用期间的通知。",
      FOOTER(links),
    ].join("\n"),
  };
}
