import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/** The item and rating types a citizen can own (see platform/auth/ownership.ts). */
export const OWNED_ITEM = 'feedback.item';
export const OWNED_RATING = 'feedback.rating';

export interface CitizenItem {
  id: string;
  code: string;
  kind: string;
  title: string;
  status: string;
  receivedDay: string;
  answered: boolean;
}

export interface CitizenRating {
  id: string;
  score: number;
  serviceCode: string | null;
  dossierCode: string | null;
  comment: string | null;
  createdAt: Date;
}

/**
 * What the citizen's account page (identity module) asks of this module, by the ids the ownership helper holds:
 * their items and ratings, a claim of an older item by its code and key, and erasure of the contact details
 * they gave when they ask to be deleted. Part of the feedback service; no other module reads fb_* tables.
 */
export interface CitizenFeedbackApi {
  citizenItems(ids: string[]): Promise<CitizenItem[]>;
  citizenRatings(ids: string[]): Promise<CitizenRating[]>;
  /** The item's id when the key matches (the key from the receipt link), else null. */
  itemIdForKey(code: string, key: string): Promise<string | null>;
  /** Remove name, e-mail, phone and address from these items (the text itself stays, masked, for the record). */
  eraseContactDetails(ids: string[]): Promise<number>;
}

const sameKey = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function citizenFeedback(db: Db): CitizenFeedbackApi {
  return {
    async citizenItems(ids) {
      if (!ids.length) return [];
      const res = await sql<CitizenItem>`SELECT id, code, kind, title, status, received_day::text AS "receivedDay", answer_public IS NOT NULL AS answered
        FROM fb_items WHERE id::text IN (${sql.join(ids)}) ORDER BY created_at DESC`.execute(db);
      return res.rows;
    },
    async citizenRatings(ids) {
      if (!ids.length) return [];
      const res = await sql<CitizenRating>`SELECT id::text AS id, score, service_code AS "serviceCode", dossier_code AS "dossierCode", comment, created_at AS "createdAt"
        FROM fb_ratings WHERE id::text IN (${sql.join(ids)}) ORDER BY created_at DESC`.execute(db);
      return res.rows.map((r) => ({ ...r, score: Number(r.score) }));
    },
    async itemIdForKey(code, key) {
      const res = await sql<{ id: string; key: string }>`SELECT id, citizen_key AS key FROM fb_items WHERE code = ${code.trim().toUpperCase()}`.execute(db);
      const row = res.rows[0];
      return row && key && sameKey(row.key, key.trim()) ? row.id : null;
    },
    async eraseContactDetails(ids) {
      if (!ids.length) return 0;
      const res = await sql`UPDATE fb_items SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, address = NULL, updated_at = now()
        WHERE id::text IN (${sql.join(ids)})`.execute(db);
      return Number(res.numAffectedRows ?? 0);
    },
  };
}
