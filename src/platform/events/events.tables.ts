import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../db/tables.ts';

/** Outbox tables (migration 0035). Kept here, beside the code that owns them, not in db/tables.ts. */
export interface EventsTable {
  id: Generated<number>;
  type: string;
  payload: Json<Record<string, unknown>>;
  actor_label: string;
  command: string | null;
  created_at: Generated<Date>;
  fanned_out_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface EventDeliveriesTable {
  event_id: number;
  handler: string;
  status: Generated<'pending' | 'done' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EventTables {
  events: EventsTable;
  event_deliveries: EventDeliveriesTable;
}
