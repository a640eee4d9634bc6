/**
 * What a username may be, for the API's users and ADMIN_USERNAME alike: 3–64 ASCII letters,
 * digits and `_ . @ -`. ASCII only, so the lower-case form sign-in looks a name up by
 * (`lower(username)` against the NFKC, case-folded key) is the same in PostgreSQL and JavaScript.
 */
export const USERNAME_PATTERN = "^[A-Za-z0-9_.@-]+$";
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 64;

export function isUsername(name: string): boolean {
  return (
    name.length >= USERNAME_MIN_LENGTH && name.length <= USERNAME_MAX_LENGTH && new RegExp(USERNAME_PATTERN).test(name)
  );
}

/** The username as counted and looked up: case and width folded (`ＯＦＦＡ`, `OFFA` and `offa` are one). */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").trim().toLowerCase();
}
