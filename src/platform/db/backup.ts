import { sql, type Kysely } from 'kysely';

/**
 * What a restore must reproduce exactly: the row count of every table, and a content hash of the tables a
 * province is audited on (feedback items, the daily ledger, the audit log). Used by the backup round-trip test
 * and by an operator after a restore (compare with the figures printed at backup time).
 */
export const HASHED_TABLES = ['fb_items', 'fb_ledger', 'audit_log'] as const;

export interface Fingerprint {
  counts: Record<string, number>;
  hashes: Record<string, string>;
}

export async function fingerprint(db: Kysely<unknown>): Promise<Fingerprint> {
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(db);
    counts[name] = r.rows[0]!.n;
  }
  const hashes: Record<string, string> = {};
  for (const name of HASHED_TABLES) {
    if (!(name in counts)) continue;
    // Each row as text, in a stable order (by its text), hashed together: any changed value changes the hash.
    const r = await sql<{ h: string | null }>`SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS h FROM ${sql.table(name)} t`.execute(db);
    hashes[name] = r.rows[0]!.h ?? 'empty';
  }
  return { counts, hashes };
}
