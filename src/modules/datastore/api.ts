import { serviceToken } from '../../platform/modules.ts';
import type { DatastoreService as DatastoreServiceType } from './datastore.service.ts';

/** The citizen's personal document store (documents, sharing with consent, access log, delegation). */
export type DatastoreApi = DatastoreServiceType;

export const DatastoreToken = serviceToken<DatastoreApi>('datastore');

/** @deprecated The same type under its old name: use DatastoreApi. */
export type DatastoreService = DatastoreApi;
