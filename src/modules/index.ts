import type { ModuleManifest } from '../platform/modules.ts';
import { homeModule } from './home/index.ts';
import { organisationsModule } from './organisations/index.ts';
import { accountsModule } from './accounts/index.ts';
import { catalogueModule } from './catalogue/index.ts';
import { contentModule } from './content/index.ts';
import { feedbackModule } from './feedback/index.ts';
import { plansModule } from './plans/index.ts';
import { assistantModule } from './assistant/index.ts';
import { identityModule } from './identity/index.ts';
import { eventsModule } from './events/index.ts';
import { datastoreModule } from './datastore/index.ts';
import { surveysModule } from './surveys/index.ts';
import { learningModule } from './learning/index.ts';

/**
 * Feature modules in registration order. A module may use the services of modules listed before it; what it
 * cannot work without it declares in `requires` (checked at boot, with a message naming module and service).
 * To add a feature: create src/modules/<name>/ with an index.ts manifest and add it here.
 */
export const modules: ModuleManifest[] = [organisationsModule, homeModule, accountsModule, catalogueModule, contentModule, feedbackModule, identityModule, datastoreModule, plansModule, surveysModule, assistantModule, learningModule, eventsModule];
