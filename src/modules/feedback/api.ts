import { serviceToken } from '../../platform/modules.ts';
import type { FeedbackApi as SupportApi, FeedbackService } from './feedback.service.ts';
import type { CitizenFeedbackApi } from './feedback.citizen.ts';

export type { CitizenItem, CitizenRating } from './feedback.citizen.ts';

/**
 * What other modules may call: support requests and published answers (assistant), submitting an item or a
 * rating on a citizen's behalf, and the citizen's own items and ratings (identity: account page, export, erasure).
 */
export interface FeedbackApi extends SupportApi, CitizenFeedbackApi, Pick<FeedbackService, 'submit' | 'rate'> {}

export const FeedbackToken = serviceToken<FeedbackApi>('feedback');
