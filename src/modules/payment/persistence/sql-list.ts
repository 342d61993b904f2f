/** `'a', 'b'` for a CHECK (... IN (...)) built from the domain's own list of values. */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
