/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-symbol
 * alphabet (digits and capitals without I, O, Z, S, V); the last is a check character computed
 * as 31 - (Σ value·weight mod 31), with 31 written as 0. Registrar and region codes are not
 * checked: the registrars add new kinds over time, and a false rejection blocks a real body.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] as string);
    if (value < 0) throw new RangeError(`invalid character "${first17[i]}" at position ${i + 1}`);
    sum += value * (WEIGHTS[i] as number);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] as string;
}

export type CreditCodeProblem = "length" | "character" | "check";

/** Returns why the code is not a valid 统一社会信用代码, or undefined when it is. */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return "length";
  for (const ch of code) if (!ALPHABET.includes(ch)) return "character";
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? undefined : "check";
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: "统一社会信用代码 must be 18 characters",
  character: "统一社会信用代码 may contain only digits and capitals other than I, O, Z, S, V",
  check: "统一社会信用代码 check character (the 18th) does not match",
};

const CREDIT_CODE_PROBLEM_TYPES: Record<CreditCodeProblem, string> = {
  length: "CREDIT_CODE_LENGTH",
  character: "CREDIT_CODE_CHARACTER",
  check: "CREDIT_CODE_CHECK",
};

/** The field problem of an invalid code, typed for the message table; undefined when the code is valid. */
export function creditCodeFieldProblem(
  field: string,
  code: string,
): { field: string; type: string; message: string } | undefined {
  const problem = creditCodeProblem(code);
  return problem && { field, type: CREDIT_CODE_PROBLEM_TYPES[problem], message: CREDIT_CODE_MESSAGES[problem] };
}
