/**
 * The colours the portal and the console share: a red accent on white. Every text colour pair
 * meets WCAG AA (4.5:1); the unit tests check it.
 */
export const PALETTE = {
  white: "#ffffff",
  text: "#1a1a1a",
  muted: "#555555",
  /** Header band and buttons; white on it is 6.8:1. */
  accent: "#b4151c",
  accentDark: "#8c1016",
  link: "#0b4f9c",
  linkVisited: "#5a2d82",
  border: "#c8c8c8",
  /** Form controls need 3:1 against white (WCAG 1.4.11). */
  controlBorder: "#595959",
  surface: "#f4f4f4",
  focus: "#ffdd00",
  focusText: "#0b0c0c",
  withdrawnText: "#8c1016",
  withdrawnBg: "#fdeeee",
  correctedText: "#6a4100",
  correctedBg: "#fff5d9",
  correctedBorder: "#c77c00",
  expiredText: "#3d3d3d",
  expiredBg: "#ececec",
  expiredBorder: "#767676",
  publishedText: "#0f6b32",
  publishedBg: "#e7f4ec",
} as const;
