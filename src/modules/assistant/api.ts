import { serviceToken } from '../../platform/modules.ts';
import type { AssistantService } from './assistant.service.ts';

export type { AskResult, Citation } from './assistant.service.ts';

/** What other modules may call: the assistant's query normalisation (shorthand, typos), reused by other searches. */
export type AssistantApi = Pick<AssistantService, 'rewriteQuery'>;

export const AssistantToken = serviceToken<AssistantApi>('assistant');
