/** SQLSTATE of a unique or primary key violation, the same on PostgreSQL and PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
