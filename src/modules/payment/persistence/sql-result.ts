/** How many rows an UPDATE or DELETE touched, from TypeORM's raw `query()` answer ([rows, count] for those). */
export function affectedRows(result: unknown): number {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[1];
  return Array.isArray(result) ? result.length : 0;
}
