/**
 * The columns of the national 双公示 exchange sets, in the data standard's order, as [code, Chinese
 * header]: 行政处罚 (CF_) as the feed writes it (services/feed/csv.ts) and imports read it, and
 * 行政许可 (XK_) as imports read it.
 */
export const PENALTY_COLUMNS = [
  ["CF_WSH", "行政处罚决定书文号"],
  ["CF_XDR_MC", "行政相对人名称"],
  ["CF_XDR_LB", "行政相对人类别"],
  ["CF_XDR_SHXYM", "统一社会信用代码"],
  ["CF_FRDB", "法定代表人"],
  ["CF_XDR_ZJLX", "证件类型"],
  ["CF_XDR_ZJHM", "证件号码"],
  ["CF_WFXW", "违法行为类型"],
  ["CF_SY", "违法事实"],
  ["CF_YJ", "处罚依据"],
  ["CF_CFLB", "处罚类别"],
  ["CF_NR", "处罚内容"],
  ["CF_NR_FK", "罚款金额（万元）"],
  ["CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）"],
  ["CF_NR_ZKDX", "暂扣或吊销证照名称及编号"],
  ["CF_JDRQ", "处罚决定日期"],
  ["CF_YXQ", "处罚有效期"],
  ["CF_GSJZQ", "公示截止期"],
  ["CF_CFJG", "处罚机关"],
  ["CF_CFJGDM", "处罚机关统一社会信用代码"],
  ["CF_SJLY", "数据来源单位"],
  ["CF_SJLYDM", "数据来源单位统一社会信用代码"],
  ["BZ", "备注"],
] as const;

export const LICENCE_COLUMNS = [
  ["XK_WSH", "行政许可决定文书号"],
  ["XK_XMMC", "项目名称"],
  ["XK_SPLB", "审批类别"],
  ["XK_NR", "许可内容"],
  ["XK_XDR_MC", "行政相对人名称"],
  ["XK_XDR_LB", "行政相对人类别"],
  ["XK_XDR_SHXYM", "统一社会信用代码"],
  ["XK_FRDB", "法定代表人"],
  ["XK_XDR_ZJLX", "证件类型"],
  ["XK_XDR_ZJHM", "证件号码"],
  ["XK_XKZS", "许可证书名称"],
  ["XK_XKBH", "许可编号"],
  ["XK_JDRQ", "许可决定日期"],
  ["XK_YXQZ", "有效期自"],
  ["XK_YXQJZ", "有效期至"],
  ["XK_XKJG", "许可机关"],
  ["XK_XKJGDM", "许可机关统一社会信用代码"],
  ["XK_ZT", "当前状态"],
  ["XK_SJLY", "数据来源单位"],
  ["XK_SJLYDM", "数据来源单位统一社会信用代码"],
  ["BZ", "备注"],
] as const;
