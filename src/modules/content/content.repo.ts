import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';
import type { ContentKind, GuideDoc, Status } from './content.types.ts';

type Q = Db | Tx;

export interface GuideRow {
  id: string;
  slug: string;
  status: Status;
  ownerOrgId: string;
  authorId: string | null;
  lastEditorId: string | null;
  reviewerId: string | null;
  isSample: boolean;
  kind: ContentKind;
  title: string;
  topic: string;
  data: GuideDoc;
  publishedData: GuideDoc | null;
  version: number;
  scheduledAt: Date | null;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  viewCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const guideCols = sql`g.id, g.slug, g.status, g.owner_org_id AS "ownerOrgId", g.author_id AS "authorId",
  g.last_editor_id AS "lastEditorId", g.reviewer_id AS "reviewerId", g.is_sample AS "isSample", g.kind, g.title, g.topic, g.data,
  g.published_data AS "publishedData", g.version, g.scheduled_at AS "scheduledAt", g.published_at AS "publishedAt",
  g.first_published_at AS "firstPublishedAt", g.view_count AS "viewCount", g.created_at AS "createdAt", g.updated_at AS "updatedAt"`;

export async function insertGuide(
  tx: Q,
  g: { slug: string; ownerOrgId: string; authorId: string | null; isSample: boolean; doc: GuideDoc; kind?: ContentKind },
): Promise<string> {
  const res = await sql<{ id: string }>`INSERT INTO content_guides (slug, owner_org_id, author_id, last_editor_id, is_sample, title, topic, data, kind)
    VALUES (${g.slug}, ${g.ownerOrgId}, ${g.authorId}, ${g.authorId}, ${g.isSample}, ${g.doc.title}, ${g.doc.topic}, ${JSON.stringify(g.doc)}::jsonb, ${g.kind ?? 'guide'})
    RETURNING id`.execute(tx);
  return res.rows[0]!.id;
}

export async function insertVersion(tx: Q, guideId: string, version: number, doc: GuideDoc, savedBy: string | null, label: string, note: string | null) {
  await sql`INSERT INTO content_guide_versions (guide_id, version, data, saved_by, saved_by_label, note)
    VALUES (${guideId}, ${version}, ${JSON.stringify(doc)}::jsonb, ${savedBy}, ${label}, ${note})`.execute(tx);
}

/**
 * Everyone who wrote any version of a guide (its author, every saver of a version, its last editor): none of
 * them may approve it (four-eyes over the whole chain, not just the author and the last editor).
 */
export async function guideWriters(db: Q, guideId: string): Promise<string[]> {
  const res = await sql<{ id: string }>`
    SELECT saved_by AS id FROM content_guide_versions WHERE guide_id = ${guideId} AND saved_by IS NOT NULL
    UNION SELECT author_id FROM content_guides WHERE id = ${guideId} AND author_id IS NOT NULL
    UNION SELECT last_editor_id FROM content_guides WHERE id = ${guideId} AND last_editor_id IS NOT NULL`.execute(db);
  return res.rows.map((r) => r.id);
}

export async function getGuide(db: Q, id: string, forUpdate = false): Promise<GuideRow | undefined> {
  const res = await sql<GuideRow>`SELECT ${guideCols} FROM content_guides g WHERE g.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return res.rows[0];
}

export async function getGuideBySlug(db: Q, slug: string): Promise<GuideRow | undefined> {
  const res = await sql<GuideRow>`SELECT ${guideCols} FROM content_guides g WHERE g.slug = ${slug}`.execute(db);
  return res.rows[0];
}

export async function slugExists(db: Q, slug: string): Promise<boolean> {
  const res = await sql`SELECT 1 FROM content_guides WHERE slug = ${slug}`.execute(db);
  return res.rows.length > 0;
}

export interface StaffListFilter {
  /** null = every organisation (province-wide staff). */
  orgIds: string[] | null;
  status?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listStaffGuides(db: Q, f: StaffListFilter): Promise<GuideRow[]> {
  const where = [sql`true`];
  if (f.orgIds) where.push(f.orgIds.length ? sql`(g.owner_org_id IN (${sql.join(f.orgIds)}) OR g.published_data IS NOT NULL)` : sql`g.published_data IS NOT NULL`);
  if (f.status) where.push(sql`g.status = ${f.status}`);
  if (f.q) where.push(sql`(vn_fold(g.title) LIKE vn_fold(${`%${f.q}%`}) OR g.slug LIKE ${`%${f.q}%`})`);
  const res = await sql<GuideRow>`SELECT ${guideCols} FROM content_guides g WHERE ${sql.join(where, sql` AND `)}
    ORDER BY g.updated_at DESC, g.slug LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return res.rows;
}

export async function updateWorkingCopy(tx: Q, id: string, doc: GuideDoc, version: number, editorId: string | null, status: Status) {
  await sql`UPDATE content_guides SET data = ${JSON.stringify(doc)}::jsonb, title = ${doc.title}, topic = ${doc.topic}, version = ${version},
    last_editor_id = ${editorId}, status = ${status}, reviewer_id = NULL, scheduled_at = NULL, updated_at = now() WHERE id = ${id}`.execute(tx);
}

export async function setStatus(tx: Q, id: string, status: Status, extra: { reviewerId?: string | null; scheduledAt?: Date | null } = {}) {
  await sql`UPDATE content_guides SET status = ${status},
    reviewer_id = ${extra.reviewerId === undefined ? sql`reviewer_id` : sql`${extra.reviewerId}`},
    scheduled_at = ${extra.scheduledAt === undefined ? sql`scheduled_at` : sql`${extra.scheduledAt}`},
    updated_at = now() WHERE id = ${id}`.execute(tx);
}

/** Make the working copy public. */
export async function publish(tx: Q, id: string, reviewerId: string | null, searchText: string) {
  await sql`UPDATE content_guides SET status = 'published', published_data = data, search_text = ${searchText}, reviewer_id = ${reviewerId},
    scheduled_at = NULL, published_at = now(), first_published_at = coalesce(first_published_at, now()), updated_at = now()
    WHERE id = ${id}`.execute(tx);
}

/** Take the guide off the public site; status becomes draft (unpublish) or archived. */
export async function withdraw(tx: Q, id: string, status: 'draft' | 'archived') {
  await sql`UPDATE content_guides SET status = ${status}, published_data = NULL, search_text = '', scheduled_at = NULL, updated_at = now()
    WHERE id = ${id}`.execute(tx);
}

export interface PublicGuideRow {
  id: string;
  slug: string;
  doc: GuideDoc;
  searchText: string;
  isSample: boolean;
  ownerOrgId: string;
  publishedAt: Date;
  firstPublishedAt: Date;
  viewCount: number;
}
const publicCols = sql`g.id, g.slug, g.published_data AS doc, g.search_text AS "searchText", g.is_sample AS "isSample",
  g.owner_org_id AS "ownerOrgId", g.published_at AS "publishedAt", g.first_published_at AS "firstPublishedAt", g.view_count AS "viewCount"`;

/** Published items of one kind (guides by default; life events share the table). */
export async function listPublished(db: Q, opts: { orderBy?: 'title' | 'views' | 'new'; limit?: number; kind?: ContentKind } = {}): Promise<PublicGuideRow[]> {
  const order = opts.orderBy === 'views' ? sql`g.view_count DESC, g.title` : opts.orderBy === 'new' ? sql`g.first_published_at DESC, g.slug` : sql`vn_fold(g.title)`;
  const res = await sql<PublicGuideRow>`SELECT ${publicCols} FROM content_guides g WHERE g.published_data IS NOT NULL AND g.kind = ${opts.kind ?? 'guide'}
    ORDER BY ${order} ${opts.limit ? sql`LIMIT ${opts.limit}` : sql``}`.execute(db);
  return res.rows;
}

export async function getPublished(db: Q, slug: string, kind: ContentKind = 'guide'): Promise<PublicGuideRow | undefined> {
  const res = await sql<PublicGuideRow>`SELECT ${publicCols} FROM content_guides g WHERE g.slug = ${slug} AND g.published_data IS NOT NULL AND g.kind = ${kind}`.execute(db);
  return res.rows[0];
}

/** Add batched page views: one statement for many guides. */
export async function addViews(db: Q, views: Array<[string, number]>) {
  if (views.length === 0) return;
  const values = sql.join(views.map(([id, n]) => sql`(${id}::uuid, ${n}::int)`));
  await sql`UPDATE content_guides g SET view_count = g.view_count + v.n FROM (VALUES ${values}) AS v(id, n) WHERE g.id = v.id`.execute(db);
}

export async function addScans(db: Q, scans: Array<{ guideId: string; tag: string; day: string; n: number }>) {
  if (scans.length === 0) return;
  const values = sql.join(scans.map((x) => sql`(${x.guideId}::uuid, ${x.tag}, ${x.day}::date, ${x.n}::int)`));
  await sql`INSERT INTO content_qr_scans (guide_id, tag, day, scans) SELECT * FROM (VALUES ${values}) AS v(guide_id, tag, day, scans)
    ON CONFLICT (guide_id, tag, day) DO UPDATE SET scans = content_qr_scans.scans + EXCLUDED.scans`.execute(db);
}

export async function dueScheduled(db: Q): Promise<string[]> {
  const res = await sql<{ id: string }>`SELECT id FROM content_guides WHERE status = 'in_review' AND reviewer_id IS NOT NULL
    AND scheduled_at IS NOT NULL AND scheduled_at <= now() ORDER BY scheduled_at`.execute(db);
  return res.rows.map((r) => r.id);
}

export async function listVersions(db: Q, guideId: string) {
  const res = await sql<{ version: number; savedByLabel: string; note: string | null; savedAt: Date }>`SELECT version, saved_by_label AS "savedByLabel", note, saved_at AS "savedAt"
    FROM content_guide_versions WHERE guide_id = ${guideId} ORDER BY version DESC`.execute(db);
  return res.rows;
}

export async function getVersion(db: Q, guideId: string, version: number): Promise<GuideDoc | undefined> {
  const res = await sql<{ data: GuideDoc }>`SELECT data FROM content_guide_versions WHERE guide_id = ${guideId} AND version = ${version}`.execute(db);
  return res.rows[0]?.data;
}

// --- QR scans ---

export async function scansByTag(db: Q, since: string | null) {
  const res = await sql<{ tag: string; slug: string; title: string; scans: number; lastDay: string }>`
    SELECT s.tag, g.slug, g.title, sum(s.scans)::int AS scans, max(s.day)::text AS "lastDay"
    FROM content_qr_scans s JOIN content_guides g ON g.id = s.guide_id
    ${since ? sql`WHERE s.day >= ${since}::date` : sql``}
    GROUP BY s.tag, g.slug, g.title ORDER BY scans DESC, s.tag LIMIT 500`.execute(db);
  return res.rows;
}

export async function totalScans(db: Q, from?: string, to?: string): Promise<number> {
  const res = await sql<{ n: number }>`SELECT coalesce(sum(scans), 0)::int AS n FROM content_qr_scans
    WHERE (${from ?? null}::date IS NULL OR day >= ${from ?? null}::date) AND (${to ?? null}::date IS NULL OR day <= ${to ?? null}::date)`.execute(db);
  return res.rows[0]?.n ?? 0;
}

// --- Materials ---

export interface MaterialRow {
  id: string;
  kind: string;
  status: Status;
  title: string;
  description: string;
  topic: string;
  audiences: string[];
  channels: string[];
  usageRights: string;
  externalUrl: string | null;
  scriptText: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileType: string | null;
  fileSize: number | null;
  ownerOrgId: string;
  authorId: string | null;
  lastEditorId: string | null;
  reviewerId: string | null;
  isSample: boolean;
  viewCount: number;
  downloadCount: number;
  publishedAt: Date | null;
  updatedAt: Date;
}

const materialCols = sql`m.id, m.kind, m.status, m.title, m.description, m.topic, m.audiences, m.channels, m.usage_rights AS "usageRights",
  m.external_url AS "externalUrl", m.script_text AS "scriptText", m.file_key AS "fileKey", m.file_name AS "fileName", m.file_type AS "fileType",
  m.file_size AS "fileSize", m.owner_org_id AS "ownerOrgId", m.author_id AS "authorId", m.last_editor_id AS "lastEditorId",
  m.reviewer_id AS "reviewerId", m.is_sample AS "isSample", m.view_count AS "viewCount", m.download_count AS "downloadCount",
  m.published_at AS "publishedAt", m.updated_at AS "updatedAt"`;

export interface MaterialInput {
  kind: string;
  title: string;
  description: string;
  topic: string;
  audiences: string[];
  channels: string[];
  usageRights: string;
  externalUrl: string | null;
  scriptText: string | null;
  file?: { key: string; name: string; type: string; size: number } | null;
}

export async function insertMaterial(tx: Q, m: MaterialInput & { ownerOrgId: string; authorId: string | null; isSample: boolean }): Promise<string> {
  const res = await sql<{ id: string }>`INSERT INTO content_materials (kind, title, description, topic, audiences, channels, usage_rights, external_url,
      script_text, file_key, file_name, file_type, file_size, owner_org_id, author_id, last_editor_id, is_sample)
    VALUES (${m.kind}, ${m.title}, ${m.description}, ${m.topic}, ${m.audiences}::text[], ${m.channels}::text[], ${m.usageRights}, ${m.externalUrl},
      ${m.scriptText}, ${m.file?.key ?? null}, ${m.file?.name ?? null}, ${m.file?.type ?? null}, ${m.file?.size ?? null}, ${m.ownerOrgId},
      ${m.authorId}, ${m.authorId}, ${m.isSample})
    RETURNING id`.execute(tx);
  return res.rows[0]!.id;
}

export async function updateMaterial(tx: Q, id: string, m: MaterialInput, editorId: string | null) {
  await sql`UPDATE content_materials SET kind = ${m.kind}, title = ${m.title}, description = ${m.description}, topic = ${m.topic},
    audiences = ${m.audiences}::text[], channels = ${m.channels}::text[], usage_rights = ${m.usageRights}, external_url = ${m.externalUrl},
    script_text = ${m.scriptText},
    file_key = ${m.file ? m.file.key : sql`file_key`}, file_name = ${m.file ? m.file.name : sql`file_name`},
    file_type = ${m.file ? m.file.type : sql`file_type`}, file_size = ${m.file ? m.file.size : sql`file_size`},
    last_editor_id = ${editorId}, status = 'draft', reviewer_id = NULL, updated_at = now() WHERE id = ${id}`.execute(tx);
}

export async function getMaterial(db: Q, id: string, forUpdate = false): Promise<MaterialRow | undefined> {
  const res = await sql<MaterialRow>`SELECT ${materialCols} FROM content_materials m WHERE m.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return res.rows[0];
}

/** The editable metadata of a material as one version stores it. */
export interface MaterialSnapshot {
  kind: string;
  title: string;
  description: string;
  topic: string;
  audiences: string[];
  channels: string[];
  usageRights: string;
  externalUrl: string | null;
  scriptText: string | null;
  fileName: string | null;
}

export const materialSnapshot = (m: MaterialRow): MaterialSnapshot => ({
  kind: m.kind, title: m.title, description: m.description, topic: m.topic, audiences: m.audiences, channels: m.channels,
  usageRights: m.usageRights, externalUrl: m.externalUrl, scriptText: m.scriptText, fileName: m.fileName,
});

/** Everyone who wrote any version of a material: none of them may approve it (four-eyes over the chain). */
export async function materialWriters(db: Q, materialId: string): Promise<string[]> {
  const res = await sql<{ id: string }>`
    SELECT author_id AS id FROM content_material_versions WHERE material_id = ${materialId} AND author_id IS NOT NULL
    UNION SELECT author_id FROM content_materials WHERE id = ${materialId} AND author_id IS NOT NULL
    UNION SELECT last_editor_id FROM content_materials WHERE id = ${materialId} AND last_editor_id IS NOT NULL`.execute(db);
  return res.rows.map((r) => r.id);
}

/** Append the material's current fields as its next version (call inside the command's transaction). */
export async function insertMaterialVersion(tx: Q, materialId: string, authorId: string | null, label: string, note: string | null): Promise<number> {
  const m = (await getMaterial(tx, materialId))!;
  const res = await sql<{ version: number }>`INSERT INTO content_material_versions (material_id, version, snapshot, author_id, author_label, note)
    SELECT ${materialId}, COALESCE(MAX(version), 0) + 1, ${JSON.stringify(materialSnapshot(m))}::jsonb, ${authorId}, ${label}, ${note}
      FROM content_material_versions WHERE material_id = ${materialId}
    RETURNING version`.execute(tx);
  return res.rows[0]!.version;
}

export async function listMaterialVersions(db: Q, materialId: string) {
  const res = await sql<{ version: number; authorLabel: string; note: string | null; createdAt: Date }>`SELECT version, author_label AS "authorLabel",
      note, created_at AS "createdAt"
    FROM content_material_versions WHERE material_id = ${materialId} ORDER BY version DESC`.execute(db);
  return res.rows;
}

export async function getMaterialVersion(db: Q, materialId: string, version: number): Promise<MaterialSnapshot | undefined> {
  const res = await sql<{ snapshot: MaterialSnapshot }>`SELECT snapshot FROM content_material_versions WHERE material_id = ${materialId} AND version = ${version}`.execute(db);
  return res.rows[0]?.snapshot;
}

export async function setMaterialStatus(tx: Q, id: string, status: Status, reviewerId?: string | null, searchText?: string) {
  await sql`UPDATE content_materials SET status = ${status},
    reviewer_id = ${reviewerId === undefined ? sql`reviewer_id` : sql`${reviewerId}`},
    search_text = ${searchText === undefined ? sql`search_text` : sql`${searchText}`},
    published_at = ${status === 'published' ? sql`now()` : sql`published_at`}, updated_at = now() WHERE id = ${id}`.execute(tx);
}

export interface MaterialFilter {
  kind?: string;
  topic?: string;
  audience?: string;
  channel?: string;
  limit: number;
  offset: number;
}

export async function listPublishedMaterials(db: Q, f: MaterialFilter): Promise<MaterialRow[]> {
  const where = [sql`m.status = 'published'`];
  if (f.kind) where.push(sql`m.kind = ${f.kind}`);
  if (f.topic) where.push(sql`m.topic = ${f.topic}`);
  if (f.audience) where.push(sql`${f.audience} = ANY(m.audiences)`);
  if (f.channel) where.push(sql`${f.channel} = ANY(m.channels)`);
  const res = await sql<MaterialRow>`SELECT ${materialCols} FROM content_materials m WHERE ${sql.join(where, sql` AND `)}
    ORDER BY m.published_at DESC, m.title LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return res.rows;
}

export async function publishedMaterialsForSearch(db: Q) {
  const res = await sql<{ id: string; title: string; kind: string; description: string; searchText: string }>`SELECT id, title, kind, description,
    search_text AS "searchText" FROM content_materials WHERE status = 'published'`.execute(db);
  return res.rows;
}

export async function listStaffMaterials(db: Q, f: { orgIds: string[] | null; status?: string; limit: number; offset: number }): Promise<MaterialRow[]> {
  const where = [sql`true`];
  if (f.orgIds) where.push(f.orgIds.length ? sql`(m.owner_org_id IN (${sql.join(f.orgIds)}) OR m.status = 'published')` : sql`m.status = 'published'`);
  if (f.status) where.push(sql`m.status = ${f.status}`);
  const res = await sql<MaterialRow>`SELECT ${materialCols} FROM content_materials m WHERE ${sql.join(where, sql` AND `)}
    ORDER BY m.updated_at DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return res.rows;
}

export async function materialTitleExists(db: Q, title: string): Promise<boolean> {
  const res = await sql`SELECT 1 FROM content_materials WHERE title = ${title}`.execute(db);
  return res.rows.length > 0;
}

export async function countMaterial(db: Q, id: string, what: 'view' | 'download') {
  if (what === 'view') await sql`UPDATE content_materials SET view_count = view_count + 1 WHERE id = ${id}`.execute(db);
  else await sql`UPDATE content_materials SET download_count = download_count + 1 WHERE id = ${id}`.execute(db);
}

export async function countPublished(db: Q): Promise<{ guides: number; materials: number }> {
  const res = await sql<{ guides: number; materials: number }>`SELECT
    (SELECT count(*)::int FROM content_guides WHERE published_data IS NOT NULL AND kind = 'guide') AS guides,
    (SELECT count(*)::int FROM content_materials WHERE status = 'published') AS materials`.execute(db);
  return res.rows[0] ?? { guides: 0, materials: 0 };
}
