import type { Db } from '../db/database.ts';
import type { Tx } from '../audit/command.ts';
import { ForbiddenError } from '../errors.ts';
import type { Actor } from './permissions.ts';

type Q = Db | Tx;

/**
 * The ownership helper: "this citizen owns this item". A module records ownership of its own items by
 * (item_type, item_id) — e.g. ('feedback.item', id) — when a signed-in citizen creates one or claims an older
 * one with its key; it then asks `owns`/`requireOwner` before showing or changing the item as its owner. The
 * owning module keeps its tables to itself; one item has at most one owner.
 */
export async function linkOwner(db: Q, principalId: string, itemType: string, itemId: string, how: 'signed_in' | 'claimed'): Promise<boolean> {
  const res = await db
    .insertInto('owned_items')
    .values({ principal_id: principalId, item_type: itemType, item_id: itemId, how })
    .onConflict((oc) => oc.columns(['item_type', 'item_id']).doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
  // Already linked: fine when it is this principal's (a claim repeated), a conflict otherwise.
  return (await ownerOf(db, itemType, itemId)) === principalId;
}

export async function ownerOf(db: Q, itemType: string, itemId: string): Promise<string | null> {
  const r = await db.selectFrom('owned_items').select('principal_id').where('item_type', '=', itemType).where('item_id', '=', itemId).executeTakeFirst();
  return r?.principal_id ?? null;
}

export async function ownedItems(db: Q, principalId: string, itemType: string): Promise<Array<{ itemId: string; how: 'signed_in' | 'claimed'; linkedAt: Date }>> {
  const rows = await db
    .selectFrom('owned_items')
    .select(['item_id', 'how', 'linked_at'])
    .where('principal_id', '=', principalId)
    .where('item_type', '=', itemType)
    .orderBy('linked_at', 'desc')
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, how: r.how, linkedAt: r.linked_at }));
}

export async function owns(db: Q, actor: Actor, itemType: string, itemId: string): Promise<boolean> {
  if (actor.kind !== 'citizen' || !actor.id) return false;
  return (await ownerOf(db, itemType, itemId)) === actor.id;
}

export async function requireOwner(db: Q, actor: Actor, itemType: string, itemId: string): Promise<void> {
  if (!(await owns(db, actor, itemType, itemId))) throw new ForbiddenError();
}
