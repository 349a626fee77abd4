import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';

type Q = Db | Tx;

export interface TurnRow {
  id: number;
  conversationId: string;
  question: string;
  answer: string;
  action: 'answer' | 'clarify' | 'handoff';
  routeClass: string;
  reason: string;
  confidence: number;
  citations: Array<{ slug: string; title: string; url: string }>;
  options: Array<{ label: string; slug: string }>;
  createdAt: Date;
}

export interface LexiconRow {
  id: string;
  term: string;
  expansion: string;
  weight: number;
  active: boolean;
  note: string | null;
  updatedAt: Date;
}

const turnColumns = sql`t.id::int AS id, t.conversation_id AS "conversationId", t.question, t.answer, t.action,
  t.route_class AS "routeClass", t.reason, t.confidence, t.citations, t.options, t.created_at AS "createdAt"`;

export async function conversationExists(db: Q, id: string): Promise<boolean> {
  const r = await sql<{ one: number }>`SELECT 1 AS one FROM assistant_conversations WHERE id = ${id}`.execute(db);
  return r.rows.length > 0;
}

export async function createConversation(db: Q, id: string, channel: string): Promise<void> {
  await sql`INSERT INTO assistant_conversations (id, channel) VALUES (${id}, ${channel}) ON CONFLICT (id) DO NOTHING`.execute(db);
}

export async function insertTurn(
  db: Q,
  t: Omit<TurnRow, 'id' | 'createdAt'> & { folded: string; latencyMs: number; mode: string },
): Promise<number> {
  const r = await sql<{ id: number }>`
    INSERT INTO assistant_turns (conversation_id, question, folded, answer, action, route_class, reason, confidence, citations, options, latency_ms, mode)
    VALUES (${t.conversationId}, ${t.question}, ${t.folded}, ${t.answer}, ${t.action}, ${t.routeClass}, ${t.reason}, ${t.confidence},
            ${JSON.stringify(t.citations)}::jsonb, ${JSON.stringify(t.options)}::jsonb, ${t.latencyMs}, ${t.mode})
    RETURNING id::int AS id`.execute(db);
  await sql`UPDATE assistant_conversations SET last_at = now() WHERE id = ${t.conversationId}`.execute(db);
  return r.rows[0]!.id;
}

export async function listTurns(db: Q, conversationId: string, limit = 50): Promise<TurnRow[]> {
  const r = await sql<TurnRow>`SELECT ${turnColumns} FROM assistant_turns t WHERE t.conversation_id = ${conversationId} ORDER BY t.id DESC LIMIT ${limit}`.execute(db);
  return r.rows.reverse();
}

export async function getTurn(db: Q, id: number): Promise<TurnRow | undefined> {
  const r = await sql<TurnRow>`SELECT ${turnColumns} FROM assistant_turns t WHERE t.id = ${id}`.execute(db);
  return r.rows[0];
}

export async function insertFeedback(db: Q, f: { turnId: number; helpful: boolean; reason: string | null; comment: string | null }): Promise<void> {
  await sql`INSERT INTO assistant_feedback (turn_id, helpful, reason, comment) VALUES (${f.turnId}, ${f.helpful}, ${f.reason}, ${f.comment})`.execute(db);
}

export async function markHandedOver(db: Q, conversationId: string): Promise<void> {
  await sql`UPDATE assistant_conversations SET handed_over = true WHERE id = ${conversationId}`.execute(db);
}

/** Questions worth a look: hand-overs from retrieval, clarifications, low confidence, thumbs-down. */
export async function gapCandidates(db: Q, sinceDays: number, limit = 2000) {
  // "reasked": an answer followed within three minutes, in the same conversation, by another question that is not a
  // follow-up about the answered guide — the citizen did not get what they asked: a confidently-wrong candidate.
  const r = await sql<{ id: number; question: string; folded: string; action: string; reason: string; confidence: number; helpful: boolean | null; reasked: boolean; createdAt: Date }>`
    SELECT t.id::int AS id, t.question, t.folded, t.action, t.reason, t.confidence, f.helpful, (t.action = 'answer' AND n.reasked IS NOT NULL) AS reasked,
      t.created_at AS "createdAt"
    FROM assistant_turns t
    LEFT JOIN LATERAL (SELECT bool_and(helpful) AS helpful FROM assistant_feedback WHERE turn_id = t.id) f ON true
    LEFT JOIN LATERAL (SELECT 1 AS reasked FROM assistant_turns n WHERE n.conversation_id = t.conversation_id AND n.id > t.id
      AND n.created_at <= t.created_at + interval '3 minutes' AND n.route_class = 'retrieve' AND n.reason <> 'follow_up' LIMIT 1) n ON true
    WHERE t.created_at > now() - make_interval(days => ${sinceDays})
      AND (t.route_class = 'retrieve' OR t.route_class = 'out_of_scope' OR t.route_class = 'utility')
      AND (t.action <> 'answer' OR t.confidence < 0.6 OR f.helpful = false OR n.reasked IS NOT NULL)
    ORDER BY t.id DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function gapActions(db: Q): Promise<Map<string, { action: string; target: string | null }>> {
  const r = await sql<{ signature: string; action: string; target: string | null }>`SELECT signature, action, target FROM assistant_gap_actions`.execute(db);
  return new Map(r.rows.map((x) => [x.signature, { action: x.action, target: x.target }]));
}

export async function recordGapAction(db: Q, signature: string, action: string, target: string | null): Promise<void> {
  await sql`INSERT INTO assistant_gap_actions (signature, action, target) VALUES (${signature}, ${action}, ${target})
    ON CONFLICT (signature) DO UPDATE SET action = EXCLUDED.action, target = EXCLUDED.target, created_at = now()`.execute(db);
}

export async function stats(db: Q, sinceDays: number) {
  const r = await sql<{ total: number; answered: number; clarified: number; handedOff: number; thumbsUp: number; thumbsDown: number }>`
    SELECT count(*)::int AS total,
      count(*) FILTER (WHERE action = 'answer')::int AS answered,
      count(*) FILTER (WHERE action = 'clarify')::int AS clarified,
      count(*) FILTER (WHERE action = 'handoff')::int AS "handedOff",
      (SELECT count(*)::int FROM assistant_feedback f JOIN assistant_turns t2 ON t2.id = f.turn_id WHERE f.helpful AND t2.created_at > now() - make_interval(days => ${sinceDays})) AS "thumbsUp",
      (SELECT count(*)::int FROM assistant_feedback f JOIN assistant_turns t2 ON t2.id = f.turn_id WHERE NOT f.helpful AND t2.created_at > now() - make_interval(days => ${sinceDays})) AS "thumbsDown"
    FROM assistant_turns WHERE created_at > now() - make_interval(days => ${sinceDays})`.execute(db);
  return r.rows[0]!;
}

// Lexicon
const lexColumns = sql`id, term, expansion, weight, active, note, updated_at AS "updatedAt"`;

export async function listLexicon(db: Q): Promise<LexiconRow[]> {
  const r = await sql<LexiconRow>`SELECT ${lexColumns} FROM assistant_lexicon ORDER BY term_folded`.execute(db);
  return r.rows;
}

export async function getLexicon(db: Q, id: string): Promise<LexiconRow | undefined> {
  const r = await sql<LexiconRow>`SELECT ${lexColumns} FROM assistant_lexicon WHERE id = ${id}`.execute(db);
  return r.rows[0];
}

export async function lexiconTermExists(db: Q, termFolded: string, exceptId?: string): Promise<boolean> {
  const r = await sql<{ one: number }>`SELECT 1 AS one FROM assistant_lexicon WHERE term_folded = ${termFolded} AND id::text <> ${exceptId ?? ''}`.execute(db);
  return r.rows.length > 0;
}

export async function insertLexicon(db: Q, e: { term: string; termFolded: string; expansion: string; weight: number; note: string | null }): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO assistant_lexicon (term, term_folded, expansion, weight, note)
    VALUES (${e.term}, ${e.termFolded}, ${e.expansion}, ${e.weight}, ${e.note}) ON CONFLICT (term_folded) DO NOTHING RETURNING id`.execute(db);
  return r.rows[0]?.id ?? '';
}

export async function updateLexicon(db: Q, id: string, e: { term: string; termFolded: string; expansion: string; weight: number; active: boolean; note: string | null }): Promise<void> {
  await sql`UPDATE assistant_lexicon SET term = ${e.term}, term_folded = ${e.termFolded}, expansion = ${e.expansion}, weight = ${e.weight},
    active = ${e.active}, note = ${e.note}, updated_at = now() WHERE id = ${id}`.execute(db);
}

export async function deleteLexicon(db: Q, id: string): Promise<void> {
  await sql`DELETE FROM assistant_lexicon WHERE id = ${id}`.execute(db);
}

export async function countLexicon(db: Q): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM assistant_lexicon`.execute(db);
  return r.rows[0]!.n;
}

// Fallback support requests (only while the feedback module is absent)
export async function insertSupportRequest(
  db: Q,
  s: { code: string; transcript: unknown; contactName: string | null; contactEmail: string | null; contactPhone: string | null; channel: string; conversationId: string | null },
): Promise<void> {
  await sql`INSERT INTO support_requests (code, transcript, contact_name, contact_email, contact_phone, channel, conversation_id)
    VALUES (${s.code}, ${JSON.stringify(s.transcript)}::jsonb, ${s.contactName}, ${s.contactEmail}, ${s.contactPhone}, ${s.channel}, ${s.conversationId})`.execute(db);
}

export async function getSupportRequest(db: Q, code: string) {
  const r = await sql<{ code: string; transcript: Array<{ role: string; text: string }>; contactName: string | null; contactPhone: string | null; contactEmail: string | null; status: string }>`
    SELECT code, transcript, contact_name AS "contactName", contact_phone AS "contactPhone", contact_email AS "contactEmail", status FROM support_requests WHERE code = ${code}`.execute(db);
  return r.rows[0];
}
