import { serviceToken } from '../../platform/modules.ts';
import type { AccountsService as AccountsServiceType } from './accounts.service.ts';

/** Staff accounts (users, roles, API tokens). */
export type AccountsApi = AccountsServiceType;

export const AccountsToken = serviceToken<AccountsApi>('accounts');

/** @deprecated The same type under its old name: use AccountsApi. */
export type AccountsService = AccountsApi;
