/**
 * Whether a suspension or a ban stands against $1 now: imposed, not lifted, not yet ended. One
 * index lookup (ix_sanctions_user), on every new rental request, conversation and message.
 */
export const IS_RESTRICTED_SQL = `SELECT EXISTS (
  SELECT 1 FROM trust.sanctions
  WHERE user_id = $1 AND kind IN ('suspension', 'ban') AND lifted_at IS NULL
    AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now())
) AS restricted`;
