import { serviceToken } from '../../platform/modules.ts';
import type { LearningService } from './learning.service.ts';
import type { Coverage } from './learning.coverage.ts';

/** Typed service tokens (ADR 0009), re-exported by index.ts. */
export const LearningToken = serviceToken<LearningService>('learning');
export const CoverageToken = serviceToken<Coverage>('learning.coverage');
