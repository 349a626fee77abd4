import { serviceToken } from '../../platform/modules.ts';
import type { AccountsService } from './accounts.service.ts';

/** Staff accounts (users, roles, API tokens). */
export type AccountsApi = AccountsService;

export const AccountsToken = serviceToken<AccountsApi>('accounts');
